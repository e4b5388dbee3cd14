using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.E2E.Infrastructure;

namespace PvpRegistry.E2E;

[Collection(AppCollection.Name)]
public class AdminTests(AppFixture app)
{
    [Fact]
    public async Task An_admin_creates_an_account_sees_its_one_time_password_once_and_finds_it_in_the_audit_log()
    {
        var page = await app.SignedInPageAtAsync("/admin/users", Roles.Admin);
        var name = $"nurse-{Guid.NewGuid():N}"[..14];
        await page.GetByLabel("User name").FillAsync(name);
        await page.GetByLabel("Full name").FillAsync("New Nurse");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Nurse" }).First.CheckAsync();
        await page.GetByTestId("create-user").ClickAsync();
        await Assertions.Expect(page.GetByTestId("one-time-password")).ToContainTextAsync($"Created '{name}'");
        await Assertions.Expect(page.GetByTestId("user-table")).ToContainTextAsync(name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "admin-users.png"), FullPage = true });

        await AppFixture.GotoInteractiveAsync(page, "/admin/audit");
        await page.GetByLabel("Search (entity, record, field, value, reason)").FillAsync(name);
        var table = page.GetByTestId("audit-table");
        await Assertions.Expect(table).ToContainTextAsync("user_created");
        await Assertions.Expect(table).ToContainTextAsync("Nurse");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "admin-audit.png"), FullPage = true });
    }

    [Fact]
    public async Task An_account_with_an_address_that_is_not_an_e_mail_is_refused_with_the_reason()
    {
        var page = await app.SignedInPageAtAsync("/admin/users", Roles.Admin);
        var name = $"bad-mail-{Guid.NewGuid():N}"[..16];
        await page.GetByLabel("User name").FillAsync(name);
        await page.GetByLabel("E-mail (for reminders)").FillAsync("not-an-email");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Nurse" }).First.CheckAsync();
        await page.GetByTestId("create-user").ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-error")).ToContainTextAsync("'not-an-email' is not an e-mail address");
        await Assertions.Expect(page.GetByTestId("user-table")).Not.ToContainTextAsync(name);
        await page.ExpectNoSeriousViolationsAsync();
    }
}
