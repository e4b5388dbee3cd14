using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data.Users;
using PvpRegistry.E2E.Infrastructure;

namespace PvpRegistry.E2E;

/// <summary>WCAG 2.1 AA by axe-core on every page of the app: zero serious or critical findings.</summary>
[Collection(AppCollection.Name)]
public class AccessibilityTests(AppFixture app)
{
    [Fact]
    public async Task Every_page_has_no_serious_or_critical_axe_finding_at_1366x768()
    {
        var (patientId, _) = await Seed.PatientAsync(app.Services, TreatmentGroup.PvpI125, procedureDaysAgo: 40);
        var findings = new List<string>();
        var cut = new List<string>();
        string[] pages =
        [
            "/worklist", "/patients", "/patients/new", $"/patients/{patientId}", $"/patients/{patientId}/edit", $"/patients/{patientId}/procedure",
            $"/patients/{patientId}/history", "/dashboards", "/queries", "/quality", "/reports", "/admin", "/admin/users", "/admin/reminders",
            "/admin/audit", "/no-such-page",
        ];
        var page = await app.SignedInLaptopPageAtAsync(pages[0], Roles.All.ToArray());
        foreach (var path in pages)
        {
            if (path != pages[0]) await AppFixture.GotoInteractiveAsync(page, path);
            if (path == "/dashboards") await Assertions.Expect(page.GetByTestId("km-figure")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            findings.AddRange(await page.SeriousViolationsAsync());
            // Every form label drawn whole (a long label cut to "Search (entity, record, field, value, r..." hides what the field takes).
            cut.AddRange(await Layout.LabelsCutShortAsync(page));
            if (path == "/worklist")
            {
                // The bell's panel open, with its badge and reminder chips.
                await page.GetByTestId("reminder-bell").ClickAsync();
                await Assertions.Expect(page.GetByTestId("reminder-list").First).ToBeVisibleAsync();
                findings.AddRange(await page.SeriousViolationsAsync());
            }
            if (path.StartsWith("/admin", StringComparison.Ordinal))
                await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, $"a11y{path.Replace('/', '-')}-1366x768.png") });
        }
        // The account pages are static (no interactive marker).
        await page.GotoAsync("/account/access-denied");
        findings.AddRange(await page.SeriousViolationsAsync());

        var anonymous = await app.NewPageAsync(1366, 768);
        await anonymous.GotoAsync("/account/login");
        findings.AddRange(await anonymous.SeriousViolationsAsync());

        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
        Assert.True(cut.Count == 0, $"Labels cut short at 1366 px: {string.Join(", ", cut)}.");
    }

    [Fact]
    public async Task The_forced_password_change_page_gets_its_style_sheet_script_and_icon_and_passes_axe()
    {
        string name = $"must-change-{Guid.NewGuid():N}"[..24], password;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(name, "Must Change", null, [Roles.Nurse], "e2e", mustChangePassword: true);
            password = created.OneTimePassword!;
        }
        var page = await app.NewPageAsync(1366, 768);
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", name);
        await page.FillAsync("#password", password);
        await page.PressAsync("#password", "Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/change-password"));

        // The static files are served to a user who must still change the password (they were redirected to this page).
        foreach (var file in new[] { "/app.css", "/app.js", "/favicon.png" })
        {
            var response = await page.Context.APIRequest.GetAsync(file, new() { MaxRedirects = 0 });
            Assert.True(response.Status == 200, $"{file}: {response.Status} {response.Headers.GetValueOrDefault("location")}");
        }
        // The page is styled: the app's style sheet is loaded and applies to the form.
        Assert.True(await page.EvaluateAsync<bool>("() => [...document.styleSheets].some(s => (s.href ?? '').includes('app') && s.cssRules.length > 0)"));
        Assert.Equal("rgb(63, 58, 194)", await page.Locator("button.account-button").EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "change-password-1366x768.png") });
        await page.ExpectNoSeriousViolationsAsync();
    }
}
