using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Users;
using PvpRegistry.E2E.Infrastructure;

namespace PvpRegistry.E2E;

/// <summary>On a registry of their own, started with the demo cohort: the demo nurse's work, the demo accounts' life, the last admin, Start empty.</summary>
[Collection(FreshAppCollection.Name)]
public class DemoAndAdminSafetyTests(FreshAppFixture app)
{
    private static async Task ConfirmAsync(IPage page, string button) =>
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();

    [Fact]
    public async Task The_login_page_lists_demo_roles_never_the_admin_the_demo_nurse_finds_due_visits_and_the_demo_accounts_stop_when_a_real_patient_is_entered_then_Start_empty_asks_a_reason()
    {
        var login = await app.NewPageAsync(1366, 768);
        await login.GotoAsync("/account/login");
        var listed = login.GetByTestId("demo-credentials");
        await Assertions.Expect(listed).ToContainTextAsync("nurse");
        var users = await listed.Locator("tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.Equal(["nurse", "surgeon", "researcher"], users.Select(u => u.Trim()).ToArray());
        Assert.DoesNotContain(Roles.Admin, await listed.Locator("tbody tr td:first-child").AllInnerTextsAsync());
        var nursePassword = (await listed.Locator("tbody tr", new() { HasText = "nurse" }).Locator("td:nth-child(3)").InnerTextAsync()).Trim();
        await login.ExpectNoSeriousViolationsAsync();

        // The demo nurse has today's work: the recently operated demo patients' visits, and their reminders on the bell.
        var nurse = await app.NewPageAsync(1366, 768);
        await nurse.GotoAsync("/account/login");
        await nurse.FillAsync("#username", "nurse");
        await nurse.FillAsync("#password", nursePassword);
        await nurse.PressAsync("#password", "Enter");
        await AppFixture.GotoInteractiveAsync(nurse, "/worklist");
        await Assertions.Expect(nurse.GetByTestId("group-now").Locator("[data-testid=worklist-row][data-study^='COHORT-DEMO-']").First).ToBeVisibleAsync();
        await Assertions.Expect(nurse.GetByTestId("group-overdue").Locator("[data-testid=worklist-row][data-study^='COHORT-DEMO-']").First).ToBeVisibleAsync();
        await Assertions.Expect(nurse.GetByTestId("group-later").Locator("[data-testid=worklist-row][data-study^='COHORT-DEMO-']").First).ToBeVisibleAsync();
        await Assertions.Expect(nurse.GetByTestId("reminder-count")).Not.ToHaveAttributeAsync("data-count", "0");
        await nurse.Context.CloseAsync();

        // A real patient is entered: the demo accounts are disabled at once and no longer listed.
        var (_, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: null);
        await login.GotoAsync("/account/login");
        await Assertions.Expect(login.GetByTestId("demo-credentials")).ToHaveCountAsync(0);
        await login.FillAsync("#username", "nurse");
        await login.FillAsync("#password", nursePassword);
        await login.PressAsync("#password", "Enter");
        await Assertions.Expect(login.GetByTestId("login-error")).ToContainTextAsync("disabled");

        // Start empty now needs a reason; it removes the demo patients only, and the audit trail keeps their rows.
        var factory = app.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>();
        long auditRowsBefore;
        await using (var db = await factory.CreateDbContextAsync()) auditRowsBefore = await db.AuditTrail.LongCountAsync();
        var admin = await app.SignedInLaptopPageAtAsync("/admin", Roles.Admin);
        await admin.GetByTestId("start-empty").ClickAsync();
        await ConfirmAsync(admin, "Remove demo data");
        await Assertions.Expect(admin.GetByTestId("demo-edited")).ToContainTextAsync("Give a reason");
        // A huge paste (over the connection's 32 KB message limit) is cut to the reason's length: the page stays connected.
        var reason = FormFields.Input(admin, "demo-removal-reason");
        await reason.FillAsync(new string('r', 100_000));
        Assert.Equal(ClinicalLimits.ReasonMaxLength, (await reason.InputValueAsync()).Length);
        await admin.GetByLabel("Reason for removing the demo patients").FillAsync("Going live with real patients");
        await Assertions.Expect(admin.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
        await admin.GetByTestId("remove-demo-patients").ClickAsync();
        await ConfirmAsync(admin, "Remove demo data");
        await Assertions.Expect(admin.GetByText("No demo data is loaded.")).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "admin-after-start-empty-1366x768.png") });
        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Equal([studyId], await db.Patients.Select(p => p.StudyId).ToListAsync());
            Assert.True(await db.AuditTrail.LongCountAsync() > auditRowsBefore);
            var cleared = await db.AuditTrail.SingleAsync(a => a.Action == "demo_cleared");
            Assert.Contains("Going live with real patients", cleared.Reason);
        }
    }

    [Fact]
    public async Task The_only_active_admin_cannot_disable_themselves_or_drop_the_Admin_role_and_disabling_asks_first()
    {
        var (page, self) = await app.SignedInAccountAsync(null, Roles.Admin, Roles.Researcher);
        await page.SetViewportSizeAsync(1366, 768);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Every other admin is disabled (the first-start admin, admins of other tests): this one is the last.
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            foreach (var other in (await accounts.ListAsync()).Where(u => u.Roles.Contains(Roles.Admin) && u.UserName != self && !u.IsDisabled))
                Assert.True((await accounts.SetDisabledAsync(other.UserName, true, "e2e")).Succeeded);
        }
        await AppFixture.GotoInteractiveAsync(page, "/admin/users");

        // Disabling asks first; Cancel leaves the account as it was.
        await page.GetByTestId($"disable-{self}").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync($"Disable '{self}'?");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "admin-users-confirm-1366x768.png") });
        await ConfirmAsync(page, "Cancel");
        await Assertions.Expect(page.GetByTestId("user-error")).ToHaveCountAsync(0);

        await page.GetByTestId($"disable-{self}").ClickAsync();
        await ConfirmAsync(page, "Disable");
        await Assertions.Expect(page.GetByTestId("user-error")).ToContainTextAsync("only active admin");

        var row = page.GetByTestId("user-table").Locator("tr", new() { HasText = self });
        await row.GetByRole(AriaRole.Checkbox, new() { Name = Roles.Admin }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-error")).ToContainTextAsync("keeps the Admin role");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var stillAdmin = (await scope.ServiceProvider.GetRequiredService<UserAccounts>().ListAsync()).Single(u => u.UserName == self);
            Assert.False(stillAdmin.IsDisabled);
            Assert.Contains(Roles.Admin, stillAdmin.Roles);
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "admin-users-last-admin-1366x768.png"), FullPage = true });
        await page.ExpectNoSeriousViolationsAsync();
    }
}
