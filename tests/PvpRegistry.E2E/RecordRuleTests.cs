using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.E2E.Infrastructure;
using PvpRegistry.Web.Features.Worklist;
using static PvpRegistry.E2E.Infrastructure.FormFields;

namespace PvpRegistry.E2E;

/// <summary>
/// The reproductions of a record that contradicts itself, tried on the screens: each save is refused with a message
/// naming both facts and nothing is stored, or (eligibility answers) saved and shown as a protocol deviation.
/// </summary>
[Collection(SecondAppCollection.Name)]
public class RecordRuleTests(SecondAppFixture app)
{
    private DateOnly Today => app.Services.GetRequiredService<RegistryClock>().Today;
    private ScoreEntryService Entry => app.Services.GetRequiredService<ScoreEntryService>();
    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<RegistryDbContext> DbAsync() =>
        await app.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();

    private async Task<int> VisitIdAsync(int patientId, VisitCode code)
    {
        await using var db = await DbAsync();
        return db.Visits.Single(v => v.PatientId == patientId && v.Code == code).Id;
    }

    private static ILocator Form(IPage page, string saveButton) => page.Locator($"form:has([data-testid={saveButton}])");

    private static ILocator Row(IPage page, string studyId, string visit) =>
        page.Locator($"[data-testid=worklist-row][data-study='{studyId}'][data-visit='{visit}']");

    [Fact]
    public async Task A_day1_score_dated_a_month_before_the_procedure_is_refused_on_the_worklist()
    {
        var (patientId, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 2);
        var procedure = Today.AddDays(-2);
        var monthBefore = procedure.AddDays(-31);

        var page = await app.SignedInPageAtAsync("/worklist", Roles.Nurse);
        await Row(page, studyId, "day1").ClickAsync();
        await Assertions.Expect(page.GetByTestId("entry-title")).ToContainTextAsync($"{studyId} - Day 1");
        await Input(page, "vas").FillAsync("4");
        await Input(page, "kps").FillAsync("70");
        // Typed, whatever the field was pre-filled with.
        await Input(page, "assessment-date").FillAsync(D(monthBefore));
        await page.GetByTestId("entry-save").ClickAsync();

        await Assertions.Expect(page.GetByTestId("entry-panel")).ToContainTextAsync($"The Day 1 assessment on {D(monthBefore)} is before the procedure on {D(procedure)}.");
        await Assertions.Expect(Row(page, studyId, "day1")).ToHaveCountAsync(1);
        await using var db = await DbAsync();
        Assert.False(await db.Assessments.AnyAsync(a => a.Visit!.PatientId == patientId));
    }

    [Fact]
    public async Task A_save_clicked_by_hand_right_after_typing_an_out_of_window_date_is_taken()
    {
        // The note that the date is outside the visit's window appears as the date is typed, not as Save is pressed:
        // appearing between press and release, it moved Save from under the pointer and the click was lost.
        var (patientId, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 2);
        var monthBefore = Today.AddDays(-2 - 31);
        var page = await app.SignedInPageAtAsync("/worklist", Roles.Nurse);
        await Row(page, studyId, "day1").ClickAsync();
        await Input(page, "vas").FillAsync("4");
        await Input(page, "kps").FillAsync("70");
        await Input(page, "assessment-date").FillAsync(D(monthBefore));
        await Assertions.Expect(page.GetByTestId("out-of-window")).ToBeVisibleAsync();

        Assert.Equal(0, await ClickByHandAsync(page, page.GetByTestId("entry-save")));
        await Assertions.Expect(page.GetByTestId("entry-panel")).ToContainTextAsync($"The Day 1 assessment on {D(monthBefore)} is before the procedure on {D(Today.AddDays(-2))}.");
        await using var db = await DbAsync();
        Assert.False(await db.Assessments.AnyAsync(a => a.Visit!.PatientId == patientId));
    }

    [Fact]
    public async Task A_death_dated_before_the_last_known_alive_date_is_refused_on_the_worklist()
    {
        var (patientId, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.PvpI125, procedureDaysAgo: 91);
        var knownAlive = Today.AddDays(-5);
        var seen = (await Entry.LoadAsync(Seed.As(Roles.Nurse), await VisitIdAsync(patientId, VisitCode.Month3)))!;
        await Entry.UpdateVitalStatusAsync(Seed.As(Roles.Nurse), patientId, seen.PatientVersion, new VitalStatusInput(VitalStatusEventKind.LastKnownAlive, knownAlive, null));
        var died = Today.AddDays(-30);

        var page = await app.SignedInPageAtAsync("/worklist", Roles.Nurse);
        await Row(page, studyId, "3m").ClickAsync();
        await page.GetByTestId("mode-vital").ClickAsync();
        await page.GetByTestId("vital-kind").SelectOptionAsync(new SelectOptionValue { Label = "Died on" });
        await Input(page, "vital-date").FillAsync(D(died));
        await page.GetByTestId("entry-save").ClickAsync();

        await Assertions.Expect(page.GetByTestId("entry-panel")).ToContainTextAsync($"The death on {D(died)} is before the last known alive date {D(knownAlive)}.");
        await using var db = await DbAsync();
        var patient = await db.Patients.Include(p => p.VitalStatusEvents).SingleAsync(p => p.Id == patientId);
        Assert.Equal((VitalStatus.Alive, knownAlive), (patient.VitalStatus, patient.LastKnownAliveDate!.Value));
        Assert.DoesNotContain(patient.VitalStatusEvents, e => e.Kind == VitalStatusEventKind.Death);
    }

    [Fact]
    public async Task A_corrected_procedure_date_moves_every_window_judges_done_visits_again_and_is_refused_before_a_day1_score_or_before_consent()
    {
        var (patientId, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 20);
        var consent = Today.AddDays(-120);
        var corrected = Today.AddDays(-25);
        var page = await app.SignedInPageAsync(Roles.Surgeon);

        // Earlier by five days: the whole schedule follows, the preop window and Day 1 included.
        await CorrectProcedureDateAsync(page, patientId, corrected);
        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync($"Procedure date of {studyId} corrected from {D(Today.AddDays(-20))} to {D(corrected)}: every visit window moved");
        var visits = page.GetByTestId("visit-table").Locator("tbody tr");
        await Assertions.Expect(visits.Nth(0)).ToContainTextAsync($"{D(corrected.AddDays(-14))} to {D(corrected)}");
        await Assertions.Expect(visits.Nth(1)).ToContainTextAsync($"{D(corrected.AddDays(1))} to {D(corrected.AddDays(3))}");
        await Assertions.Expect(visits.Nth(2)).ToContainTextAsync($"{D(corrected.AddDays(23))} to {D(corrected.AddDays(37))}");

        // A Day 1 score on the day after: a later procedure date would put it before surgery.
        var day1 = await VisitIdAsync(patientId, VisitCode.Day1);
        var entry = (await Entry.LoadAsync(Seed.As(Roles.Nurse), day1))!;
        await Entry.RecordAssessmentAsync(Seed.As(Roles.Nurse), day1, entry.VisitVersion, new AssessmentInput(5m, 70, corrected.AddDays(1), AssessmentSource.Clinic));
        var later = corrected.AddDays(5);
        await CorrectProcedureDateAsync(page, patientId, later);
        await Assertions.Expect(Form(page, "save-procedure")).ToContainTextAsync(
            $"The procedure date {D(later)} contradicts the record; correct these first: The Day 1 assessment on {D(corrected.AddDays(1))} is before the procedure on {D(later)}.");

        // Before the consent (and the enrolment, the same day).
        var beforeConsent = consent.AddDays(-10);
        await Input(page, "procedure-date").FillAsync(D(beforeConsent));
        await page.GetByTestId("save-procedure").ClickAsync();
        await Assertions.Expect(Form(page, "save-procedure")).ToContainTextAsync($"The procedure on {D(beforeConsent)} is before the consent on {D(consent)}.");

        await using (var db = await DbAsync())
        {
            Assert.Equal(corrected, (await db.Procedures.SingleAsync(p => p.PatientId == patientId)).Date);
            Assert.Equal(corrected.AddDays(1), (await db.Visits.SingleAsync(v => v.Id == day1)).WindowStart);
        }

        // Earlier by three more days: allowed, and the Day 1 score (now day 4 after surgery) is judged out of window again.
        var earlier = corrected.AddDays(-3);
        await CorrectProcedureDateAsync(page, patientId, earlier);
        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync("every visit window moved; 1 recorded assessment is now out of window");
        await AppFixture.GotoInteractiveAsync(page, $"/patients/{patientId}");
        var timeline = page.GetByTestId("timeline");
        await Assertions.Expect(timeline.Locator("li", new() { HasText = "Day 1: VAS 5.0" }).First).ToContainTextAsync("out of window");
        // Each correction is one readable line with its reason once: no line per moved window, no stored field names.
        var corrections = timeline.Locator("li", new() { HasText = "Date copied from the wrong operating list" });
        await Assertions.Expect(corrections).ToHaveCountAsync(2);
        await Assertions.Expect(corrections.Filter(new() { HasText = $"Procedure date {D(corrected)} -> {D(earlier)}, reason: Date copied from the wrong operating list" })).ToHaveCountAsync(1);
        Assert.DoesNotContain("window_start", await timeline.InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task CorrectProcedureDateAsync(IPage page, int patientId, DateOnly date)
    {
        await AppFixture.GotoInteractiveAsync(page, $"/patients/{patientId}/procedure");
        await Input(page, "procedure-date").FillAsync(D(date));
        await Input(page, "reason").FillAsync("Date copied from the wrong operating list");
        await page.GetByTestId("save-procedure").ClickAsync();
    }

    [Fact]
    public async Task Frankel_grade_A_answered_as_frankel_D_is_enrolled_and_shown_as_a_protocol_deviation()
    {
        var page = await app.SignedInPageAtAsync("/patients/new", Roles.Surgeon);
        var mrn = "E2E" + Guid.NewGuid().ToString("N")[..10];
        await Input(page, "mrn").FillAsync(mrn);
        await ChooseAsync(page, "sex", "Male");
        await Input(page, "birth-date").FillAsync(D(Today.AddYears(-70)));
        await ChooseAsync(page, "group", "PVP");
        await ChooseAsync(page, "frankel", "A");
        await ChooseAsync(page, "primary-tumor", "Lung");
        await ChooseAsync(page, "growth", "Rapid");
        await ChooseAsync(page, "site", "Sacral");
        await Input(page, "segment-count").FillAsync("1");
        await page.GetByTestId("level-S1").ClickAsync();
        await Input(page, "enrolment-date").FillAsync(D(Today.AddDays(-3)));
        await Input(page, "consent-date").FillAsync(D(Today.AddDays(-3)));
        // The checklist starts unanswered: nothing is ticked before the surgeon answers.
        foreach (var c in Eligibility.Criteria)
        {
            await Assertions.Expect(page.GetByTestId($"criterion-{c.Name}")).ToContainTextAsync("Not answered");
            await Assertions.Expect(page.GetByTestId($"criterion-{c.Name}").Locator("input[type=radio]:checked")).ToHaveCountAsync(0);
        }
        foreach (var c in Eligibility.Criteria)
            await page.GetByTestId($"criterion-{c.Name}").GetByText(c.IsInclusion ? "Yes" : "No", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await page.GetByTestId("save-patient").ClickAsync();

        var deviation = "\"Frankel grade D\" is answered yes but the baseline Frankel grade is A.";
        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync("saved.");
        await Assertions.Expect(page.GetByTestId("patient-facts").GetByTestId("protocol-deviations")).ToContainTextAsync($"Protocol deviation: {deviation}");
        var studyId = (await page.GetByTestId("patient-study-id").InnerTextAsync()).Trim();
        await page.GetByTestId("patient-facts").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "timeline-deviation.png") });
        await using (var db = await DbAsync())
        {
            var saved = await db.Patients.SingleAsync(p => p.Mrn == mrn);
            Assert.Equal((EnrolmentStatus.Enrolled, FrankelGrade.A, true), (saved.EnrolmentStatus, saved.FrankelGrade!.Value, saved.Eligibility.FrankelD!.Value));
        }

        // Beside the answer it concerns, when the form is opened again; on a laptop and on a tablet.
        await AppFixture.GotoInteractiveAsync(page, page.Url.TrimEnd('/') + "/edit");
        await Assertions.Expect(page.GetByTestId("deviation-FrankelD")).ToContainTextAsync(deviation);
        await Assertions.Expect(page.GetByTestId("eligibility").Locator(".protocol-deviation")).ToHaveCountAsync(1);
        await ShootAsync(page, page.GetByTestId("eligibility"), "patient-form-deviation");

        // Listed on the quality page.
        var researcher = await app.SignedInPageAtAsync("/quality", Roles.Researcher);
        await Assertions.Expect(researcher.Locator($"[data-testid=quality-issue][data-study='{studyId}'][data-rule=eligibility_frankel_contradicted]")).ToContainTextAsync(deviation);
        await ShootAsync(researcher, null, "quality");
    }

    /// <summary>Screenshots (of what the screen shows, or of one part) at 1366x768 and at tablet width (820x1180), each without sideways scrolling.</summary>
    private static async Task ShootAsync(IPage page, ILocator? part, string name)
    {
        foreach (var (width, height, size) in new[] { (1366, 768, "laptop"), (820, 1180, "tablet") })
        {
            await page.SetViewportSizeAsync(width, height);
            var path = Path.Combine(AppFixture.ScreenshotFolder, $"{name}-{size}.png");
            if (part is null) await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
            else await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
            await AssertNoHorizontalScrollAsync(page);
        }
    }

    [Fact]
    public async Task Segments_without_or_disagreeing_with_levels_and_a_prostate_primary_in_a_woman_are_refused_on_the_patient_form()
    {
        var (patientId, _) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: null);
        var page = await app.SignedInPageAtAsync($"/patients/{patientId}/edit", Roles.Surgeon);
        await Input(page, "reason").FillAsync("Staging CT re-read");

        await Input(page, "segment-count").FillAsync("3");
        await page.GetByTestId("save-patient").ClickAsync();
        await Assertions.Expect(Form(page, "save-patient")).ToContainTextAsync("3 involved segments are recorded but 1 level is chosen (L3).");

        await page.GetByTestId("level-L3").ClickAsync();
        await page.GetByTestId("save-patient").ClickAsync();
        await Assertions.Expect(Form(page, "save-patient")).ToContainTextAsync("3 involved segments are recorded but no level is chosen: choose the levels.");

        // Back to one segment at L3; the patient (prostate primary) recorded as a woman.
        await Input(page, "segment-count").FillAsync("1");
        await page.GetByTestId("level-L3").ClickAsync();
        await ChooseAsync(page, "sex", "Female");
        await page.GetByTestId("save-patient").ClickAsync();
        await Assertions.Expect(Form(page, "save-patient")).ToContainTextAsync("The primary tumour is prostate but the patient is female.");
        await Assertions.Expect(Form(page, "save-patient")).Not.ToContainTextAsync("involved segment");

        await using var db = await DbAsync();
        var stored = await db.Patients.SingleAsync(p => p.Id == patientId);
        Assert.Equal((Sex.Male, 1), (stored.Sex, stored.SegmentCount));
        Assert.Equal([SpinalLevel.L3], stored.InvolvedLevels);
    }
}
