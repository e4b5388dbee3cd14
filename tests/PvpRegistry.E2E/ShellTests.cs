using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.E2E.Infrastructure;

namespace PvpRegistry.E2E;

[Collection(AppCollection.Name)]
public class ShellTests(AppFixture app)
{
    [Fact]
    public async Task The_patient_grid_shows_the_labelled_demo_cohort_and_pages_on_the_server()
    {
        var page = await app.SignedInPageAtAsync("/patients", Roles.Surgeon);
        await Assertions.Expect(page.GetByTestId("demo-banner")).ToContainTextAsync("Synthetic demo data");
        var grid = page.GetByTestId("patient-grid");
        await Assertions.Expect(grid.Locator("tbody tr")).ToHaveCountAsync(25);
        // Other tests of this app add their own patients (PVP-...), so count the demo cohort by its IDs.
        await page.GetByLabel("Search study ID, MRN or name").FillAsync("COHORT-DEMO");
        // The file's 62 patients and the 11 recently operated ones.
        await Assertions.Expect(page.GetByText("1-25 of 73")).ToBeVisibleAsync();
        // Newest first: the last demo patient registered heads the list, the first one is on the last page.
        await Assertions.Expect(grid.Locator("tbody tr").First).ToContainTextAsync("COHORT-DEMO-073");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "patients.png"), FullPage = true });

        await page.GetByLabel("Search study ID, MRN or name").FillAsync("DEMO-062");
        await Assertions.Expect(grid.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(grid.GetByText("COHORT-DEMO-062")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Navigation_reaches_every_section_for_someone_holding_every_role()
    {
        var page = await app.SignedInPageAtAsync("/worklist", Roles.All.ToArray());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "worklist.png"), FullPage = true });
        foreach (var (link, title) in new[] { ("Patients", "Patients"), ("Dashboards", "Dashboards"), ("Reports", "Reports"), ("Admin", "Admin"), ("Worklist", "Worklist") })
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Assertions.Expect(page).ToHaveTitleAsync($"{title} - PvpRegistry");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 4 })).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task A_patient_page_shows_baseline_procedure_and_the_visit_schedule()
    {
        var page = await app.SignedInPageAtAsync("/patients", Roles.Surgeon);
        await page.GetByLabel("Search study ID, MRN or name").FillAsync("COHORT-DEMO-003");
        await page.GetByTestId("patient-grid").GetByText("COHORT-DEMO-003").ClickAsync();
        await Assertions.Expect(page.GetByTestId("patient-study-id")).ToHaveTextAsync("COHORT-DEMO-003");
        var visits = page.GetByTestId("visit-table").Locator("tbody tr");
        await Assertions.Expect(visits).ToHaveCountAsync(7);
        await Assertions.Expect(page.GetByTestId("visit-table")).ToContainTextAsync("Completed");
        Assert.DoesNotContain("COHORT", page.Url);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "patient.png"), FullPage = true });
    }
}
