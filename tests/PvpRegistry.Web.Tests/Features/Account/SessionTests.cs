using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Users;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Account;

/// <summary>A session ends on the server: a kept copy of the cookie stops working as soon as the account changes or signs out.</summary>
public class SessionTests(RegistryWebFactory factory) : IClassFixture<RegistryWebFactory>
{
    private readonly RegistryWebFactory _factory = factory;

    /// <summary>Signs a researcher in and returns the cookie, as someone who copied it would keep it.</summary>
    private async Task<(string UserName, string Cookie, HttpClient Client)> ResearcherCookieAsync()
    {
        var (name, password) = await _factory.CreateUserAsync(Roles.Researcher);
        var client = _factory.NewClient();
        var login = await SignedInClient.PostLoginAsync(client, name, password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return (name, SignedInClient.AuthCookie(login), client);
    }

    private async Task<HttpResponseMessage> GetWithCookieAsync(string cookie, string path)
    {
        var client = _factory.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private async Task WithAccountsAsync(Func<UserAccounts, Task<AccountResult>> change)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        Assert.True((await change(scope.ServiceProvider.GetRequiredService<UserAccounts>())).Succeeded);
    }

    public static TheoryData<string> AccountChanges => ["disable", "reset", "roles"];

    [Theory]
    [MemberData(nameof(AccountChanges))]
    public async Task A_kept_cookie_stops_downloading_the_identified_export_the_report_and_patient_pages_once_the_account_changes(string change)
    {
        var (name, cookie, _) = await ResearcherCookieAsync();
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(cookie, "/export/study.csv?deidentified=false")).StatusCode);

        await WithAccountsAsync(accounts => change switch
        {
            "disable" => accounts.SetDisabledAsync(name, true, "admin.test"),
            "reset" => accounts.ResetPasswordAsync(name, "admin.test"),
            _ => accounts.SetRolesAsync(name, [Roles.Surgeon], "admin.test"),
        });

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithCookieAsync(cookie, "/export/study.csv?deidentified=false")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithCookieAsync(cookie, "/reports/study.pdf")).StatusCode);
        var patient = await GetWithCookieAsync(cookie, "/patients/1");
        Assert.Equal(HttpStatusCode.Redirect, patient.StatusCode);
        Assert.Equal("/account/login", patient.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_signed_out_cookie_no_longer_downloads_the_identified_export()
    {
        var (_, cookie, client) = await ResearcherCookieAsync();
        var signOut = await SignedInClient.PostFormAsync(client, "/patients", "/account/logout", []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/account/login", signOut.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithCookieAsync(cookie, "/export/study.csv?deidentified=false")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_without_the_antiforgery_token_is_refused_and_the_session_goes_on()
    {
        var (name, cookie, client) = await ResearcherCookieAsync();
        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(cookie, "/export/study.csv")).StatusCode);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        Assert.False(await db.AuditTrail.AnyAsync(a => a.Action == "sign_out" && a.RecordKey == name));
    }

    [Fact]
    public async Task Disabled_is_shown_only_to_who_knows_the_password()
    {
        var (name, password) = await _factory.CreateUserAsync(Roles.Nurse);
        await WithAccountsAsync(accounts => accounts.SetDisabledAsync(name, true, "admin.test"));
        var client = _factory.NewClient();

        var guess = await (await SignedInClient.PostLoginAsync(client, name, "Wrong-password-1")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("disabled", guess);
        Assert.Contains("not right", guess);

        var owner = await (await SignedInClient.PostLoginAsync(client, name, password)).Content.ReadAsStringAsync();
        Assert.Contains("This account is disabled", owner);
    }

    [Fact]
    public async Task Wrong_current_passwords_on_the_password_change_lock_the_account_and_end_the_session()
    {
        var (client, name) = await _factory.SignedInUserAsync(Roles.Nurse);
        HttpResponseMessage last = null!;
        for (int i = 0; i < 5; i++)
            last = await SignedInClient.PostFormAsync(client, "/account/change-password", "/account/change-password",
                new() { ["Input.Current"] = $"Wrong-guess-{i}-Aa", ["Input.New"] = "A-new-Password-9", ["Input.Confirm"] = "A-new-Password-9" });
        Assert.Contains("locked", await last.Content.ReadAsStringAsync());

        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<RegistryUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByNameAsync(name))!));
        var page = await client.GetAsync("/worklist");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/login", page.Headers.Location!.AbsolutePath);
    }
}
