using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Data.Users;

namespace PvpRegistry.Web.Tests.Infrastructure;

/// <summary>Creates accounts through the app's own services and signs in through the real login form.</summary>
public static partial class SignedInClient
{
    public static async Task<(string UserName, string Password)> CreateUserAsync(this RegistryWebFactory factory, string role, bool mustChangePassword = false)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var name = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..20];
        var result = await accounts.CreateAsync(name, $"Test {role}", null, [role], "test", mustChangePassword);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return (name, result.OneTimePassword!);
    }

    public static HttpClient NewClient(this RegistryWebFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Posts the login form (with its antiforgery token) and returns where the app sent the browser.</summary>
    public static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password) =>
        PostFormAsync(client, "/account/login", "/account/login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });

    /// <summary>Reads the page's hidden inputs (antiforgery token, form name) and posts them with <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        var form = await client.GetStringAsync(page);
        var all = HiddenInputs().Matches(form).Select(m => (Name: WebUtility.HtmlDecode(m.Groups["name"].Value), Value: WebUtility.HtmlDecode(m.Groups["value"].Value)))
            .DistinctBy(f => f.Name).ToDictionary(f => f.Name, f => f.Value);
        foreach (var (name, value) in fields) all[name] = value;
        return await client.PostAsync(action, new FormUrlEncodedContent(all));
    }

    /// <summary>The sign-in cookie a response set ("pvp.auth=..."), to replay it later from another client.</summary>
    public static string AuthCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("pvp.auth=", StringComparison.Ordinal));

    public static async Task<HttpClient> SignedInAsync(this RegistryWebFactory factory, string role) =>
        (await factory.SignedInUserAsync(role)).Client;

    /// <summary>A new account of the role, signed in; its user name tells its audit lines from those of other tests on the same host.</summary>
    public static async Task<(HttpClient Client, string UserName)> SignedInUserAsync(this RegistryWebFactory factory, string role)
    {
        var (name, password) = await factory.CreateUserAsync(role);
        var client = factory.NewClient();
        var response = await PostLoginAsync(client, name, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("/account/login", response.Headers.Location?.ToString() ?? "");
        return (client, name);
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)" */?>""")]
    private static partial Regex HiddenInputs();
}
