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
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        var fields = HiddenInputs().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.UserName"] = userName;
        fields["Input.Password"] = password;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(fields));
    }

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
