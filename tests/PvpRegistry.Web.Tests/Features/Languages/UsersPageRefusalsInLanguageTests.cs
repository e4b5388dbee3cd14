using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Tests.Infrastructure;
using PvpRegistry.Data.Users;
using PvpRegistry.Web.Features.Admin;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Languages;

/// <summary>
/// The users page says why the registry refused an account change in the admin's language: the only active admin who
/// would lose the Admin role, an address that is no e-mail address. (<c>pvp user</c> prints the same refusals in English.)
/// </summary>
public sealed class UsersPageRefusalsInLanguageTests : BunitTestBase, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pvp-users-page-" + Guid.NewGuid().ToString("N"));
    private TestDatabase _database = null!;
    private CultureInfo _culture = CultureInfo.CurrentUICulture;

    async Task IAsyncLifetime.InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        // A registry of its own: its one admin is the only active admin.
        _database = await TestDatabase.CreateAsync(_folder, migrated: true);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = _database.Provider.ToString(),
            ["ConnectionStrings:Registry"] = _database.ConnectionString,
        }).Build();
        Context.Services.AddSingleton<IConfiguration>(configuration);
        Context.Services.AddLogging().AddDataProtection();
        Context.Services.AddRegistryData(configuration).AddRegistryIdentityCore();
        Context.AddAuthorization().SetAuthorized("admin.only").SetRoles(Roles.Admin, Roles.Researcher);
        await using var scope = Context.Services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync("admin.only", "Only Admin", null, [Roles.Admin, Roles.Researcher], "test");
        Assert.True(created.Succeeded, string.Join(" ", created.Errors));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        CultureInfo.CurrentUICulture = _culture;
        await DisposeAsync();
        await _database.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private IRenderedComponent<UsersPage> RenderAs(string culture)
    {
        // The UI culture a signed-in user's language sets on the circuit.
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        Context.Render<MudPopoverProvider>();
        var page = Context.Render<UsersPage>();
        page.WaitForElement("[data-testid=user-table]");
        return page;
    }

    /// <summary>Unticks the Admin role of the only admin's row (the roles are ticked in the order of Roles.All).</summary>
    private static async Task TakeAdminRoleAsync(IRenderedComponent<UsersPage> page) =>
        await page.InvokeAsync(() => page.FindAll("[data-testid=user-table] tbody tr").Single(r => r.TextContent.Contains("admin.only"))
            .QuerySelectorAll("input[type=checkbox]")[Roles.All.ToList().IndexOf(Roles.Admin)].Change(false));

    private static async Task CreateWithEmailAsync(IRenderedComponent<UsersPage> page, string email)
    {
        await page.InvokeAsync(() => page.Find("input[data-testid=new-user-name]").Change("nurse.new"));
        await page.InvokeAsync(() => page.Find("input[data-testid=new-user-email]").Change(email));
        await page.InvokeAsync(() => page.FindAll("input[type=checkbox]")[0].Change(true));
        await page.InvokeAsync(() => page.Find("[data-testid=create-user]").Click());
    }

    [Fact]
    public async Task A_chinese_admin_reads_why_the_registry_refused_in_chinese()
    {
        var page = RenderAs("zh-CN");
        await TakeAdminRoleAsync(page);
        page.WaitForAssertion(() => Assert.Equal("“admin.only”是唯一启用的管理员，必须保留管理员角色：请先为另一个账户分配管理员角色。", page.Find("[data-testid=user-error]").TextContent.Trim()));

        await CreateWithEmailAsync(page, "not-an-email");
        page.WaitForAssertion(() => Assert.Equal("“not-an-email”不是有效的电子邮件地址（应为 name@example.org 的形式）。", page.Find("[data-testid=user-error]").TextContent.Trim()));
        Assert.DoesNotContain("e-mail address", page.Markup);
    }

    [Fact]
    public async Task An_english_admin_reads_the_same_refusals_in_english()
    {
        var page = RenderAs("en");
        await TakeAdminRoleAsync(page);
        page.WaitForAssertion(() => Assert.Equal("'admin.only' is the only active admin and keeps the Admin role: give another account the Admin role first.", page.Find("[data-testid=user-error]").TextContent.Trim()));

        await CreateWithEmailAsync(page, "not-an-email");
        page.WaitForAssertion(() => Assert.Equal("'not-an-email' is not an e-mail address (expected name@example.org).", page.Find("[data-testid=user-error]").TextContent.Trim()));
    }
}
