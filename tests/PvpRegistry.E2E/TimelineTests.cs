using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.E2E.Infrastructure;
using static PvpRegistry.E2E.Infrastructure.FormFields;
using PvpRegistry.Web.Features.Worklist;

namespace PvpRegistry.E2E;

[Collection(AppCollection.Name)]
public class TimelineTests(AppFixture app)
{
    [Fact]
    public async Task A_surgeon_records_a_procedure_sees_the_schedule_and_then_the_scores_on_the_timeline()
    {
        var (patientId, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.PvpI125, procedureDaysAgo: null);
        var today = app.Services.GetRequiredService<RegistryClock>().Today;

        var page = await app.SignedInPageAtAsync($"/patients/{patientId}", Roles.Surgeon);
        await Assertions.Expect(page.GetByTestId("procedure")).ToContainTextAsync("No procedure recorded yet");
        await page.GetByTestId("procedure-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("level-picker")).ToBeVisibleAsync();

        await Input(page, "procedure-date").FillAsync(today.AddDays(-85).ToString("yyyy-MM-dd"));
        await Input(page, "surgeon").FillAsync("Dr Wang");
        await page.GetByTestId("level-L4").ClickAsync();
        await page.GetByTestId("level-L5").ClickAsync();
        await Input(page, "cement-L4").FillAsync("3.5");
        await Input(page, "cement-L5").FillAsync("4");
        await Input(page, "seed-count").FillAsync("16");
        await Input(page, "seed-activity").FillAsync("0.6");
        await Assertions.Expect(page.GetByTestId("cement-total")).ToContainTextAsync("7.5 mL");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "procedure-form.png"), FullPage = true });
        await page.GetByTestId("save-procedure").ClickAsync();

        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync($"Procedure recorded for {studyId}");
        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync("7 follow-up visits scheduled");
        var visits = page.GetByTestId("visit-table").Locator("tbody tr");
        await Assertions.Expect(visits).ToHaveCountAsync(7);
        await Assertions.Expect(visits.Nth(3)).ToContainTextAsync("Due");
        await Assertions.Expect(page.GetByTestId("procedure")).ToContainTextAsync("L4 3.5, L5 4.0");

        // A nurse, in her own browser, enters the 3-month scores from her worklist while the surgeon keeps the timeline open.
        var nursePage = await app.SignedInPageAtAsync("/worklist", Roles.Nurse);
        var row = nursePage.Locator($"[data-testid=worklist-row][data-study='{studyId}'][data-visit='3m']");
        await row.ClickAsync();
        await Assertions.Expect(nursePage.Locator("[data-testid=vas] input, input[data-testid=vas]")).ToBeFocusedAsync();
        await nursePage.Keyboard.TypeAsync("2.5");
        await nursePage.Keyboard.PressAsync("Tab");
        await nursePage.Keyboard.TypeAsync("90");
        await nursePage.Keyboard.PressAsync("Enter");
        await Assertions.Expect(nursePage.GetByTestId("last-saved")).ToContainTextAsync($"Saved VAS 2.5, KPS 90 for {studyId}, 3 months");

        // The surgeon's page shows it without a reload.
        var urlBefore = page.Url;
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("3 months: VAS 2.5, KPS 90");
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("Procedure");
        await Assertions.Expect(page.GetByTestId("chart-vas").Locator("circle.patient-dot")).ToHaveCountAsync(1);
        await Assertions.Expect(visits.Nth(3)).ToContainTextAsync("Completed");
        Assert.Equal(urlBefore, page.Url);
        await Assertions.Expect(page).ToHaveTitleAsync("Patient timeline - PvpRegistry");
        Assert.DoesNotContain("Test", page.Url);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "timeline.png"), FullPage = true });
        await page.SetViewportSizeAsync(800, 1100);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "timeline-tablet.png"), FullPage = true });
        AppFixture.DoNotReuse(page);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Assertions.Expect(page.GetByTestId("procedure-button")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "timeline-print.png"), FullPage = true });
    }
}
