using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Quality;
using PvpRegistry.Web.Features.Patients;
using PvpRegistry.Web.Features.Procedures;
using PvpRegistry.Web.Features.Worklist;
using PvpRegistry.Web.Tests.Infrastructure;
using static PvpRegistry.Web.Tests.Infrastructure.TestPeople;

namespace PvpRegistry.Web.Tests.Features.Quality;

/// <summary>
/// Each record-level rule through the services the screens call (one real SQLite registry, shared): refused rules
/// refuse the save with a message naming both facts; deviations are saved and listed by the quality list.
/// </summary>
public class RecordRuleEntryTests(RecordRuleEntryTests.Registry registry) : IClassFixture<RecordRuleEntryTests.Registry>
{
    public sealed class Registry : IAsyncLifetime
    {
        public RegistryWebFactory Factory { get; } = new EmptyRegistryWebFactory();
        public Task InitializeAsync() => Task.CompletedTask;
        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    private IServiceProvider S => registry.Factory.Services;
    private ScoreEntryService Entry => S.GetRequiredService<ScoreEntryService>();
    private ProcedureService Procedures => S.GetRequiredService<ProcedureService>();
    private PatientService Patients => S.GetRequiredService<PatientService>();
    private DateOnly Today => S.GetRequiredService<RegistryClock>().Today;
    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd");

    private async Task<RegistryDbContext> DbAsync() => await S.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();

    private async Task<int> VisitIdAsync(int patientId, VisitCode code)
    {
        await using var db = await DbAsync();
        return db.Visits.Single(v => v.PatientId == patientId && v.Code == code).Id;
    }

    private async Task<ClinicalValidationException> RefusedAsync(Func<Task> save) => await Assert.ThrowsAsync<ClinicalValidationException>(save);

    [Fact]
    public async Task A_day1_score_dated_before_the_procedure_is_refused()
    {
        var (_, _, day1) = await TreatedPatientAsync(S, 91, VisitCode.Day1);
        var entry = (await Entry.LoadAsync(Nurse(), day1))!;
        var date = entry.ProcedureDate!.Value.AddDays(-31);
        var refused = await RefusedAsync(() => Entry.RecordAssessmentAsync(Nurse(), day1, entry.VisitVersion, new AssessmentInput(4m, 70, date, AssessmentSource.Clinic)));
        Assert.Equal(("AssessmentDate", $"The Day 1 assessment on {D(date)} is before the procedure on {D(entry.ProcedureDate.Value)}."),
            (refused.Problems.Single().Field, refused.Problems.Single().Message));
    }

    [Fact]
    public async Task A_preop_score_inside_its_window_before_the_procedure_is_accepted()
    {
        var (_, _, preop) = await TreatedPatientAsync(S, 91, VisitCode.Preop);
        var entry = (await Entry.LoadAsync(Nurse(), preop))!;
        var saved = await Entry.RecordAssessmentAsync(Nurse(), preop, entry.VisitVersion, new AssessmentInput(8m, 60, entry.Window.Start, AssessmentSource.Clinic));
        Assert.False(saved.Flagged);
    }

    [Fact]
    public async Task A_contact_after_death_is_refused()
    {
        var (patientId, _, visitId) = await TreatedPatientAsync(S, 91, VisitCode.Month3);
        var entry = (await Entry.LoadAsync(Nurse(), visitId))!;
        await Entry.UpdateVitalStatusAsync(Nurse(), patientId, entry.PatientVersion, new VitalStatusInput(VitalStatusEventKind.Death, Today.AddDays(-3), null));
        var call = Today.AddDays(-1).ToDateTime(new TimeOnly(10, 0));
        var refused = await RefusedAsync(() => Entry.AddContactAttemptAsync(Nurse(), visitId, new ContactInput(ContactOutcome.NoAnswer, null, call)));
        Assert.Equal(("ContactTime", $"The contact about 3 months on {D(Today.AddDays(-1))} is after the death on {D(Today.AddDays(-3))}."),
            (refused.Problems.Single().Field, refused.Problems.Single().Message));
    }

    [Fact]
    public async Task A_death_before_the_last_known_alive_date_is_refused()
    {
        var (patientId, _, visitId) = await TreatedPatientAsync(S, 91, VisitCode.Month3);
        var entry = (await Entry.LoadAsync(Nurse(), visitId))!;
        await Entry.UpdateVitalStatusAsync(Nurse(), patientId, entry.PatientVersion, new VitalStatusInput(VitalStatusEventKind.LastKnownAlive, Today.AddDays(-5), null));
        entry = (await Entry.LoadAsync(Nurse(), visitId))!;
        var refused = await RefusedAsync(() => Entry.UpdateVitalStatusAsync(Nurse(), patientId, entry.PatientVersion,
            new VitalStatusInput(VitalStatusEventKind.Death, Today.AddDays(-30), null)));
        Assert.Equal(("VitalDate", $"The death on {D(Today.AddDays(-30))} is before the last known alive date {D(Today.AddDays(-5))}."),
            (refused.Problems.Single().Field, refused.Problems.Single().Message));
    }

    [Fact]
    public async Task A_known_alive_date_in_the_future_is_refused_naming_today()
    {
        var (patientId, _, visitId) = await TreatedPatientAsync(S, 91, VisitCode.Month3);
        var entry = (await Entry.LoadAsync(Nurse(), visitId))!;
        var refused = await RefusedAsync(() => Entry.UpdateVitalStatusAsync(Nurse(), patientId, entry.PatientVersion,
            new VitalStatusInput(VitalStatusEventKind.LastKnownAlive, Today.AddDays(2), null)));
        Assert.Equal(("VitalDate", $"The last known alive date {D(Today.AddDays(2))} is after today, {D(Today)}."),
            (refused.Problems.Single().Field, refused.Problems.Single().Message));
        Assert.Null((await Entry.LoadAsync(Nurse(), visitId))!.LastKnownAlive);
    }

    [Fact]
    public async Task Undoing_a_death_keeps_last_known_alive_no_earlier_than_the_scores_recorded_while_it_stood()
    {
        var (patientId, studyId, day1) = await TreatedPatientAsync(S, 91, VisitCode.Day1);
        var entry = (await Entry.LoadAsync(Nurse(), day1))!;
        await Entry.RecordAssessmentAsync(Nurse(), day1, entry.VisitVersion, new AssessmentInput(4m, 70, entry.ProcedureDate!.Value.AddDays(1), AssessmentSource.Clinic));
        entry = (await Entry.LoadAsync(Nurse(), day1))!;
        Assert.Equal(entry.ProcedureDate!.Value.AddDays(1), entry.LastKnownAlive);
        await Entry.UpdateVitalStatusAsync(Nurse(), patientId, entry.PatientVersion, new VitalStatusInput(VitalStatusEventKind.Death, Today.AddDays(-3), null));
        // Scored while the death stands (before it): a dead patient's last known alive does not move.
        var month3 = await VisitIdAsync(patientId, VisitCode.Month3);
        var scored = (await Entry.LoadAsync(Nurse(), month3))!;
        await Entry.RecordAssessmentAsync(Nurse(), month3, scored.VisitVersion, new AssessmentInput(3m, 70, Today.AddDays(-4), AssessmentSource.Phone));
        scored = (await Entry.LoadAsync(Nurse(), month3))!;

        await Entry.UndoVitalStatusAsync(Nurse(), patientId, scored.PatientVersion, "Death recorded for the wrong patient");

        Assert.Equal(Today.AddDays(-4), (await Entry.LoadAsync(Nurse(), month3))!.LastKnownAlive);
        var issues = (await S.GetRequiredService<DataQuality>().ListAsync()).Where(i => i.StudyId == studyId);
        Assert.DoesNotContain(issues, i => i.Rule == RecordRules.LastKnownAliveBeforeAssessment.Code);
    }

    [Fact]
    public async Task A_procedure_before_consent_or_enrolment_is_refused()
    {
        var input = NewPatient(Today);
        input.ConsentDate = Today.AddDays(-20);
        input.EnrolmentDate = Today.AddDays(-10);
        var (id, _) = await Patients.CreateAsync(Surgeon(), input);
        var refused = await RefusedAsync(() => Procedures.RecordAsync(Surgeon(), id, NewProcedure(Today.AddDays(-30))));
        Assert.Equal(
            [$"The procedure on {D(Today.AddDays(-30))} is before the consent on {D(Today.AddDays(-20))}.", $"The procedure on {D(Today.AddDays(-30))} is before the enrolment on {D(Today.AddDays(-10))}."],
            refused.Problems.Select(p => p.Message));
        Assert.All(refused.Problems, p => Assert.Equal("Date", p.Field));
    }

    [Fact]
    public async Task A_segment_count_that_differs_from_the_chosen_levels_or_has_none_is_refused()
    {
        var input = NewPatient(Today);
        input.SegmentCount = 3;
        var differ = await RefusedAsync(() => Patients.CreateAsync(Surgeon(), input));
        Assert.Contains(differ.Problems, p => p.Field == "InvolvedLevels" && p.Message == "3 involved segments are recorded but 1 level is chosen (L2).");
        input.InvolvedLevels = [];
        var none = await RefusedAsync(() => Patients.CreateAsync(Surgeon(), input));
        Assert.Contains(none.Problems, p => p.Field == "InvolvedLevels" && p.Message.Contains("no level is chosen"));
    }

    [Fact]
    public async Task A_prostate_primary_in_a_woman_is_refused()
    {
        var input = NewPatient(Today);
        input.PrimaryTumor = PrimaryTumor.Prostate;
        var refused = await RefusedAsync(() => Patients.CreateAsync(Surgeon(), input));
        Assert.Contains(refused.Problems, p => p.Field == "PrimaryTumor" && p.Message == "The primary tumour is prostate but the patient is female.");
    }

    [Fact]
    public async Task Enrolment_needs_every_criterion_answered()
    {
        var input = NewPatient(Today);
        input.Criteria = Eligibility.Criteria.ToDictionary(c => c.Name, c => c.Name == nameof(Eligibility.FrankelD) ? null : (bool?)c.IsInclusion);
        var refused = await RefusedAsync(() => Patients.CreateAsync(Surgeon(), input));
        Assert.Contains(refused.Problems, p => p.Field == "Eligibility" && p.Message.EndsWith("not answered: Frankel grade D."));
    }

    [Fact]
    public async Task Answers_contradicting_frankel_or_preop_kps_are_saved_as_deviations_on_the_quality_list()
    {
        var input = NewPatient(Today);
        input.FrankelGrade = FrankelGrade.A;
        var (id, studyId) = await Patients.CreateAsync(Surgeon(), input);
        await Procedures.RecordAsync(Surgeon(), id, NewProcedure(Today.AddDays(-10)));
        var preop = await VisitIdAsync(id, VisitCode.Preop);
        var entry = (await Entry.LoadAsync(Nurse(), preop))!;
        await Entry.RecordAssessmentAsync(Nurse(), preop, entry.VisitVersion, new AssessmentInput(8m, 60, Today.AddDays(-11), AssessmentSource.Clinic));

        var issues = (await S.GetRequiredService<DataQuality>().ListAsync()).Where(i => i.StudyId == studyId).ToList();
        Assert.Equal(
            [("eligibility_frankel_contradicted", "\"Frankel grade D\" is answered yes but the baseline Frankel grade is A."),
             ("eligibility_kps_contradicted", "\"KPS > 60\" is answered yes but the preop KPS is 60.")],
            issues.Select(i => (i.Rule, i.Message)));
        Assert.All(issues, i => Assert.Equal(RuleOutcome.Deviation, i.Outcome));
    }

    [Fact]
    public async Task Correcting_the_procedure_date_moves_every_window_and_done_visits_are_judged_again_both_ways()
    {
        var (patientId, _, day1) = await TreatedPatientAsync(S, 91, VisitCode.Day1);
        var entry = (await Entry.LoadAsync(Nurse(), day1))!;
        var procedure = entry.ProcedureDate!.Value;
        await Entry.RecordAssessmentAsync(Nurse(), day1, entry.VisitVersion, new AssessmentInput(4m, 70, procedure.AddDays(1), AssessmentSource.Clinic));

        var movedBack = await CorrectProcedureDateAsync(patientId, procedure.AddDays(-12), "Date typed wrongly");
        Assert.Contains("every visit window moved; 1 recorded assessment is now out of window", movedBack);
        var (visits, day1Visit) = await VisitsAsync(patientId);
        foreach (var v in visits) Assert.Equal(FollowUpSchedule.Default.WindowFor(v.Code, procedure.AddDays(-12)), v.Window);
        Assert.Equal(procedure.AddDays(1), day1Visit.CurrentAssessment!.AssessmentDate);
        Assert.True(VisitStatusRules.IsOutOfWindow(day1Visit.Window, day1Visit.CurrentAssessment.AssessmentDate));
        Assert.Contains(await TimelineAsync(patientId), e => e.Title.StartsWith("Day 1: VAS 4.0") && e.Detail == "clinic, out of window");

        var movedForward = await CorrectProcedureDateAsync(patientId, procedure, "Back to the operating note");
        Assert.DoesNotContain("out of window", movedForward);
        (_, day1Visit) = await VisitsAsync(patientId);
        Assert.False(VisitStatusRules.IsOutOfWindow(day1Visit.Window, day1Visit.CurrentAssessment!.AssessmentDate));
        Assert.Contains(await TimelineAsync(patientId), e => e.Title.StartsWith("Day 1: VAS 4.0") && e.Detail == "clinic");
    }

    [Fact]
    public async Task A_procedure_date_correction_is_one_timeline_line_with_its_reason_once_and_no_stored_field_names()
    {
        var (patientId, _, _) = await TreatedPatientAsync(S, 91, VisitCode.Day1);
        var procedure = (await Procedures.LoadAsync(Surgeon(), patientId))!.Input.Date!.Value;
        await CorrectProcedureDateAsync(patientId, procedure.AddDays(-2), "transcription error");

        var edits = (await TimelineAsync(patientId)).Where(e => e.Kind == TimelineKind.Edit).Select(e => e.Title).ToList();
        Assert.Equal([$"Procedure date {D(procedure)} -> {D(procedure.AddDays(-2))}, reason: transcription error"], edits);
    }

    private async Task<string> CorrectProcedureDateAsync(int patientId, DateOnly date, string reason)
    {
        var view = (await Procedures.LoadAsync(Surgeon(), patientId))!;
        view.Input.Date = date;
        view.Input.Reason = reason;
        return await Procedures.UpdateAsync(Surgeon(), patientId, view.Input);
    }

    private async Task<(List<FollowUpVisit> All, FollowUpVisit Day1)> VisitsAsync(int patientId)
    {
        await using var db = await DbAsync();
        var visits = db.Visits.Include(v => v.Assessments).Where(v => v.PatientId == patientId).ToList();
        return (visits, visits.Single(v => v.Code == VisitCode.Day1));
    }

    private async Task<IReadOnlyList<TimelineEvent>> TimelineAsync(int patientId) =>
        (await S.GetRequiredService<PatientTimelineService>().LoadAsync(Surgeon(), patientId))!.Events;

    [Fact]
    public async Task A_procedure_date_that_a_recorded_score_or_the_consent_would_precede_is_refused_with_what_to_correct()
    {
        var (patientId, _, day1) = await TreatedPatientAsync(S, 91, VisitCode.Day1);
        var entry = (await Entry.LoadAsync(Nurse(), day1))!;
        var procedure = entry.ProcedureDate!.Value;
        await Entry.RecordAssessmentAsync(Nurse(), day1, entry.VisitVersion, new AssessmentInput(4m, 70, procedure.AddDays(1), AssessmentSource.Clinic));
        var view = (await Procedures.LoadAsync(Surgeon(), patientId))!;
        view.Input.Reason = "Date typed wrongly";

        view.Input.Date = procedure.AddDays(5);
        var later = await RefusedAsync(() => Procedures.UpdateAsync(Surgeon(), patientId, view.Input));
        Assert.Equal(("Date", $"The procedure date {D(procedure.AddDays(5))} contradicts the record; correct these first: The Day 1 assessment on {D(procedure.AddDays(1))} is before the procedure on {D(procedure.AddDays(5))}."),
            (later.Problems.Single().Field, later.Problems.Single().Message));

        view.Input.Date = Today.AddDays(-201); // consent and enrolment were 200 days ago
        var beforeConsent = await RefusedAsync(() => Procedures.UpdateAsync(Surgeon(), patientId, view.Input));
        Assert.Contains($"The procedure on {D(Today.AddDays(-201))} is before the consent on {D(Today.AddDays(-200))}.", beforeConsent.Problems.Single().Message);
        await using var db = await DbAsync();
        Assert.Equal(procedure, db.Procedures.Single(p => p.PatientId == patientId).Date);
    }
}
