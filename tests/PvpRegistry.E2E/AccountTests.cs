using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.E2E.Infrastructure;

namespace PvpRegistry.E2E;

[Collection(AppCollection.Name)]
public class AccountTests(AppFixture app)
{
    public static TheoryData<string, string[], string> RoleNavigation => new()
    {
        { Roles.Nurse, ["Worklist", "Patients", "Queries", "Data quality"], "/worklist" },
        { Roles.Surgeon, ["Patients", "Queries", "Dashboards"], "/patients" },
        { Roles.Researcher, ["Patients", "Queries", "Dashboards", "Reports", "Data quality"], "/dashboards" },
        { Roles.Admin, ["Patients", "Queries", "Data quality", "Admin"], "/admin" },
    };

    [Theory]
    [MemberData(nameof(RoleNavigation))]
    public async Task Each_role_signs_in_to_its_start_page_and_sees_only_its_navigation(string role, string[] expected, string startPage)
    {
        var page = await app.SignedInPageAsync(role);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"{startPage}$"));
        var links = await page.GetByTestId("nav").Locator("a").AllInnerTextsAsync();
        Assert.Equal(expected, links.Select(l => l.Trim()).ToArray());
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync(role);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, $"start-{role.ToLowerInvariant()}.png") });
    }

    [Fact]
    public async Task Signing_out_returns_to_the_login_page_and_pages_need_signing_in_again()
    {
        var page = await app.SignedInPageAsync(Roles.Nurse);
        await page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await page.GotoAsync("/worklist");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login\\?ReturnUrl="));
    }

    [Fact]
    public async Task A_wrong_password_gets_a_clear_message()
    {
        // (The demo credentials this page lists are tested on a registry of their own: DemoAndAdminSafetyTests.)
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", "nobody");
        await page.FillAsync("#password", "Not-the-password-1");
        await page.PressAsync("#password", "Enter");
        await Assertions.Expect(page.GetByTestId("login-error")).ToContainTextAsync("not right");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "login.png"), FullPage = true });
    }
}
