using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.E2E.Infrastructure;
using PvpRegistry.Web.Features.Worklist;

namespace PvpRegistry.E2E;

/// <summary>Corrections from the patient page, queries from raising to closing, and dates that are never filled in silently.</summary>
[Collection(SecondAppCollection.Name)]
public class CorrectionTests(SecondAppFixture app)
{
    private DateOnly Today => app.Services.GetRequiredService<RegistryClock>().Today;

    private static ILocator Input(IPage page, string testId) => page.Locator($"[data-testid={testId}] input, input[data-testid={testId}]").First;

    private static string Screenshot(string name) => Path.Combine(AppFixture.ScreenshotFolder, name);

    [Fact]
    public async Task A_nurse_corrects_a_wrong_day_1_score_from_the_timeline_with_a_reason()
    {
        var (patientId, _) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 2);
        await Seed.ScoresAsync(app.Services, patientId, VisitCode.Day1, 4.0m, 70, Today.AddDays(-1));

        var page = await app.SignedInLaptopPageAtAsync($"/patients/{patientId}", Roles.Nurse);
        await page.GetByTestId("correct-day1").ClickAsync();
        var vas = Input(page, "vas");
        await Assertions.Expect(vas).ToBeFocusedAsync();
        await Assertions.Expect(vas).ToHaveValueAsync("4.0");
        await vas.FillAsync("3.0");
        await Input(page, "reason").FillAsync("transcription error");
        await page.GetByTestId("correction-panel").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Screenshot("timeline-correction-panel.png") });
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync("Corrected VAS 3.0, KPS 70");
        await Assertions.Expect(page.GetByTestId("correction-panel")).ToHaveCountAsync(0);
        var timeline = page.GetByTestId("timeline");
        await Assertions.Expect(timeline).ToContainTextAsync("Day 1 VAS 4.0 -> 3.0, reason: transcription error");
        Assert.Equal(1, await timeline.GetByText("transcription error").CountAsync());
        await Assertions.Expect(page.GetByTestId("visit-table").Locator("tbody tr").Nth(1)).ToContainTextAsync("3.0");

        await page.GetByTestId("history-link").ClickAsync();
        var history = page.GetByTestId("patient-history");
        await Assertions.Expect(history.Locator("tr", new() { HasText = "Vas" })).ToContainTextAsync("transcription error");
        // On a tablet (the page opened at its size) every column is in view: the values wrap between their parts,
        // never inside a date, and a date does not widen its column.
        await page.SetViewportSizeAsync(820, 1180);
        await AppFixture.GotoInteractiveAsync(page, page.Url);
        await page.ScreenshotAsync(new() { Path = Screenshot("patient-history-820x1180.png"), FullPage = true });
        await Layout.AssertDatesUnbrokenAsync(page, "[data-testid=patient-history]");
        await Layout.AssertNoSidewaysScrollAsync(page, "[data-testid=patient-history]");
    }

    [Fact]
    public async Task A_researcher_raises_a_query_the_nurse_answers_it_by_correcting_and_the_researcher_closes_it()
    {
        var (patientId, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.PvpI125, procedureDaysAgo: 2);
        await Seed.ScoresAsync(app.Services, patientId, VisitCode.Day1, 8.0m, 70, Today.AddDays(-1));

        // The researcher questions the Day 1 VAS from the timeline.
        var researcher = await app.SignedInLaptopPageAtAsync($"/patients/{patientId}", Roles.Researcher);
        await researcher.GetByTestId("query-day1").ClickAsync();
        await Assertions.Expect(researcher.GetByTestId("query-target")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Assessment:\\d+:Vas$"));
        await Input(researcher, "query-question").FillAsync("VAS 8.0 on day 1 after PVP? The clinic note says 3.");
        await researcher.GetByTestId("query-raise").ClickAsync();
        var query = researcher.GetByTestId("query");
        await Assertions.Expect(query).ToHaveAttributeAsync("data-status", "open");
        await Assertions.Expect(query).ToContainTextAsync("Day 1 VAS");
        await Assertions.Expect(researcher.GetByTestId("visit-queries-day1")).ToContainTextAsync("1 open query");

        // The nurse sees it on her worklist (the patient's overdue preop visit is there) and answers on the patient page.
        var nurse = await app.SignedInPageAtAsync("/worklist", Roles.Nurse);
        var row = nurse.Locator($"[data-testid=worklist-row][data-study='{studyId}']").First;
        await Assertions.Expect(row.GetByTestId("worklist-query-marker")).ToHaveTextAsync("? 1");
        await AppFixture.GotoInteractiveAsync(nurse, $"/patients/{patientId}");
        await nurse.GetByTestId("query-correct").ClickAsync();
        await Assertions.Expect(nurse.GetByTestId("correction-panel")).ToContainTextAsync("answers the query");
        await Input(nurse, "vas").FillAsync("3.0");
        await Input(nurse, "reason").FillAsync("transcription error, clinic note says 3");
        await nurse.GetByTestId("entry-save").ClickAsync();
        await Assertions.Expect(nurse.GetByTestId("notice")).ToContainTextAsync("the query is answered");
        await Assertions.Expect(nurse.GetByTestId("query")).ToHaveAttributeAsync("data-status", "answered");
        await Assertions.Expect(nurse.GetByTestId("query")).ToContainTextAsync("Corrected: 8.0 -> 3.0, reason: transcription error, clinic note says 3");

        // The researcher closes it; the queries page lists it, closed.
        await AppFixture.GotoInteractiveAsync(researcher, $"/patients/{patientId}");
        await researcher.GetByTestId("query-close").ClickAsync();
        await Assertions.Expect(researcher.GetByTestId("query")).ToHaveAttributeAsync("data-status", "closed");
        await Assertions.Expect(researcher.GetByTestId("timeline")).ToContainTextAsync("Query on Day 1 VAS closed");
        await AppFixture.GotoInteractiveAsync(researcher, "/queries");
        await researcher.GetByTestId("queries-filter-all").ClickAsync();
        var listed = researcher.GetByTestId("query-row").Filter(new() { HasText = studyId });
        await Assertions.Expect(listed).ToHaveAttributeAsync("data-status", "closed");
        await Assertions.Expect(researcher.GetByTestId("queries-filter-all")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(researcher.GetByTestId("queries-filter-open")).ToHaveAttributeAsync("aria-pressed", "false");
        // On a laptop every column is in view, the answer and who answered included: the table does not scroll sideways.
        await Layout.AssertNoSidewaysScrollAsync(researcher, "[data-testid=query-table]");
        await Layout.AssertCellsHoldTheirTextAsync(researcher, "[data-testid=query-table]");
        await researcher.ScreenshotAsync(new() { Path = Screenshot("query-list.png"), FullPage = true });

        // The audit trail has each step: raised, answered with the correction, closed.
        await AppFixture.GotoInteractiveAsync(researcher, $"/patients/{patientId}/history");
        var history = researcher.GetByTestId("patient-history");
        await Assertions.Expect(history.Locator("tr", new() { HasText = "DataQuery" }).Filter(new() { HasText = "created" })).ToHaveCountAsync(1);
        await Assertions.Expect(history.Locator("tr", new() { HasText = "Status" }).Filter(new() { HasText = "Answered" })).ToHaveCountAsync(2);
        await Assertions.Expect(history.Locator("tr", new() { HasText = "ClosedBy" })).ToHaveCountAsync(1);
        await Assertions.Expect(history.Locator("tr", new() { HasText = "Vas" })).ToContainTextAsync("transcription error");
    }

    [Fact]
    public async Task A_missed_visit_is_reopened_and_a_death_recorded_in_error_is_undone_from_the_timeline()
    {
        var (patientId, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 40);
        var procedureDay = Today.AddDays(-40);
        var day1 = await Seed.ScoresAsync(app.Services, patientId, VisitCode.Day1, 5.0m, 70, procedureDay.AddDays(2));
        var entry = app.Services.GetRequiredService<ScoreEntryService>();
        var seedNurse = Seed.As(Roles.Nurse, "seed-nurse");
        var month1 = await Seed.VisitIdAsync(app.Services, patientId, VisitCode.Month1);
        var visit = (await entry.LoadAsync(seedNurse, month1))!;
        await entry.MarkMissedAsync(seedNurse, month1, visit.VisitVersion, MissedReason.Unreachable, null);
        visit = (await entry.LoadAsync(seedNurse, month1))!;
        await entry.UpdateVitalStatusAsync(seedNurse, patientId, visit.PatientVersion, new VitalStatusInput(VitalStatusEventKind.Death, Today.AddDays(-1), null));

        var page = await app.SignedInPageAtAsync($"/patients/{patientId}", Roles.Nurse);
        await Assertions.Expect(page.GetByTestId("vital-chip")).ToContainTextAsync("Dead");

        // The missed 1-month visit: reopened, with a reason.
        await page.GetByTestId("correct-1m").ClickAsync();
        await Input(page, "reason").FillAsync("the patient was reached after all");
        await page.GetByTestId("reopen-visit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync($"Reopened {studyId}, 1 month (was missed: unreachable)");

        // The death: undone, with a reason; the patient is alive again.
        await page.GetByTestId("correct-vital").ClickAsync();
        await Input(page, "reason").FillAsync("wrong patient");
        await page.GetByTestId("undo-vital").ClickAsync();
        await Assertions.Expect(page.GetByTestId("vital-chip")).ToHaveTextAsync("Alive");
        var timeline = page.GetByTestId("timeline");
        await Assertions.Expect(timeline).ToContainTextAsync("1 month reopened (was missed: unreachable), reason: the patient was reached after all");
        await Assertions.Expect(timeline).ToContainTextAsync("vital status dead -> alive, reason: wrong patient");
        await Assertions.Expect(timeline).Not.ToContainTextAsync("missed at utc");
        await Assertions.Expect(timeline).Not.ToContainTextAsync("Died");

        // A death dated before recorded scores is refused, and the message leads to the scores' correction.
        await page.GetByTestId("correct-vital").ClickAsync();
        await page.Locator("#entry-vital-kind").SelectOptionAsync(VitalStatusEventKind.Death.ToString());
        await Input(page, "vital-date").FillAsync(procedureDay.AddDays(1).ToString("yyyy-MM-dd"));
        await Input(page, "vital-date").PressAsync("Tab");
        await page.GetByTestId("entry-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("scores-after-death")).ToContainTextAsync("Day 1");
        await page.GetByTestId("correct-later-visit").ClickAsync();
        await page.WaitForURLAsync($"**/patients/{patientId}?correct={day1}");
        await page.WaitForSelectorAsync("#app-ready[data-interactive=true]", new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(Input(page, "vas")).ToHaveValueAsync("5.0");

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var patient = await db.Patients.Include(p => p.VitalStatusEvents).SingleAsync(p => p.Id == patientId);
        Assert.Equal(VitalStatus.Alive, patient.VitalStatus);
        Assert.Null(patient.ExitDate);
        Assert.Equal("wrong patient", patient.VitalStatusEvents.Single(e => e.Kind == VitalStatusEventKind.Death).Voided?.Reason);
        Assert.Null(db.Visits.Single(v => v.Id == month1).MissedReason);
    }

    [Fact]
    public async Task Backfilling_an_overdue_visit_leaves_the_date_empty_and_required_not_today()
    {
        var (patientId, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 120);
        var page = await app.SignedInPageAtAsync("/worklist", Roles.Nurse);
        await page.Locator($"[data-testid=worklist-row][data-study='{studyId}'][data-visit='3m']").ClickAsync();
        await Assertions.Expect(Input(page, "vas")).ToBeFocusedAsync();
        var date = Input(page, "assessment-date");
        await Assertions.Expect(date).ToHaveValueAsync("");
        await Assertions.Expect(page.GetByTestId("assessment-date")).ToContainTextAsync("Today is outside the window");

        await page.Keyboard.TypeAsync("2.5");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("80");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("entry-error")).ToContainTextAsync("Please correct the marked fields");
        await Assertions.Expect(page.GetByTestId("assessment-date")).ToContainTextAsync("Enter the date of the assessment");

        // Alt+T gives today in one key; the nurse types the real date instead.
        await page.Keyboard.PressAsync("Alt+t");
        await Assertions.Expect(date).ToHaveValueAsync(Today.ToString("yyyy-MM-dd"));
        var done = Today.AddDays(-120 + 90);
        await date.FillAsync(done.ToString("yyyy-MM-dd"));
        await date.PressAsync("Tab");
        await page.ScreenshotAsync(new() { Path = Screenshot("backfill-entry.png") });
        await page.GetByTestId("entry-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("last-saved")).ToContainTextAsync($"Saved VAS 2.5, KPS 80 for {studyId}, 3 months");

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        Assert.Equal(done, db.Assessments.Single(a => a.Visit!.PatientId == patientId).AssessmentDate);
    }
}
