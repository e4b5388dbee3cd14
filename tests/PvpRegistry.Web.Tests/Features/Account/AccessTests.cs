using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Account;

public class AccessTests(RegistryWebFactory factory) : IClassFixture<RegistryWebFactory>
{
    private readonly RegistryWebFactory _factory = factory;

    public static TheoryData<string> Pages => ["/", "/worklist", "/patients", "/patients/1", "/dashboards", "/reports", "/admin", "/account/change-password"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Anonymous_requests_to_pages_are_sent_to_the_login_page(string path)
    {
        var response = await _factory.NewClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith("/account/login", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
    }

    [Theory]
    [InlineData("/export/study.csv")]
    [InlineData("/export/study.csv?deidentified=false")]
    [InlineData("/_blazor?id=any-connection")]
    public async Task Anonymous_requests_to_endpoints_and_the_hub_get_401(string path)
    {
        var response = await _factory.NewClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_login_page_and_static_assets_need_no_sign_in()
    {
        var client = _factory.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/favicon.png")).StatusCode);
    }

    [Fact]
    public async Task A_nurse_cannot_reach_admin_pages_or_exports_even_directly()
    {
        var client = await _factory.SignedInAsync(Roles.Nurse);
        foreach (var page in new[] { "/admin", "/reports", "/dashboards" })
        {
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/access-denied", response.Headers.Location!.AbsolutePath);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/export/study.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/export/study.csv?deidentified=false")).StatusCode);
    }

    [Fact]
    public async Task A_researcher_downloads_a_deidentified_export_and_the_download_is_audited()
    {
        var (client, researcher) = await _factory.SignedInUserAsync(Roles.Researcher);
        var response = await client.GetAsync("/export/study.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("\"study_id\"", csv);
        Assert.DoesNotContain("COHORT-DEMO", csv);
        Assert.Equal(63, csv.TrimEnd('\n').Split('\n').Length);

        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var entry = await db.AuditTrail.SingleAsync(a => a.Action == "export" && a.User == researcher);
        Assert.Equal("True", entry.NewValue);
    }

    [Fact]
    public async Task Sign_ins_and_failed_sign_ins_are_audited_and_repeated_failures_lock_the_account()
    {
        var (name, password) = await _factory.CreateUserAsync(Roles.Nurse);
        var client = _factory.NewClient();
        for (int i = 0; i < 5; i++)
        {
            var failed = await SignedInClient.PostLoginAsync(client, name, "Wrong-password-1");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }
        var locked = await SignedInClient.PostLoginAsync(client, name, password);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync());

        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var failures = await db.AuditTrail.CountAsync(a => a.Action == "sign_in_failed" && a.RecordKey == name);
        Assert.Equal(6, failures);

        var (other, otherPassword) = await _factory.CreateUserAsync(Roles.Surgeon);
        var ok = await SignedInClient.PostLoginAsync(_factory.NewClient(), other, otherPassword);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(1, await db.AuditTrail.CountAsync(a => a.Action == "sign_in" && a.RecordKey == other));
    }

    [Fact]
    public async Task A_one_time_password_must_be_changed_before_anything_else()
    {
        var (name, password) = await _factory.CreateUserAsync(Roles.Nurse, mustChangePassword: true);
        var client = _factory.NewClient();
        var login = await SignedInClient.PostLoginAsync(client, name, password);
        Assert.EndsWith("/account/change-password", login.Headers.Location!.OriginalString);
        var worklist = await client.GetAsync("/worklist");
        Assert.Equal(HttpStatusCode.Redirect, worklist.StatusCode);
        Assert.EndsWith("/account/change-password", worklist.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task First_start_created_an_admin_that_must_change_its_password_and_demo_accounts_shown_as_demo()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<RegistryUser>>();
        var admin = await users.FindByNameAsync("admin");
        Assert.NotNull(admin);
        Assert.True(admin.MustChangePassword);
        Assert.True(await users.IsInRoleAsync(admin, Roles.Admin));
        var login = await _factory.NewClient().GetStringAsync("/account/login");
        Assert.Contains("Demo credentials - synthetic demo data only", login);
        // Demo accounts of the demo roles are listed; never the admin, whose one-time password would own the registry.
        foreach (var role in Roles.All.Where(r => r != Roles.Admin)) Assert.Contains($"<td>{role}</td>", login);
        Assert.DoesNotContain($"<td>{Roles.Admin}</td>", login);
    }
}
