using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Web.Features.Patients;
using PvpRegistry.Web.Features.Procedures;
using PvpRegistry.Web.Features.Worklist;
using PvpRegistry.Web.Tests.Infrastructure;
using static PvpRegistry.Web.Tests.Infrastructure.TestPeople;

namespace PvpRegistry.Web.Tests.Features.Worklist;

/// <summary>Each test enters its own patient into the class's registry.</summary>
public class ScoreEntryServiceTests(RegistryWebFactory factory) : IClassFixture<RegistryWebFactory>
{
    private IServiceProvider S => factory.Services;
    private ScoreEntryService Entry => S.GetRequiredService<ScoreEntryService>();
    private DateOnly Today => S.GetRequiredService<RegistryClock>().Today;

    private async Task<RegistryDbContext> DbAsync() => await S.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task Each_action_is_refused_on_the_server_for_a_role_that_may_not_do_it()
    {
        var (patientId, _, visitId) = await TreatedPatientAsync(S, 91, VisitCode.Month3);
        var surgeonAsNurse = await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() =>
            Entry.RecordAssessmentAsync(Surgeon(), visitId, 0, new AssessmentInput(3m, 80, Today, AssessmentSource.Phone)));
        Assert.Contains("Nurse", surgeonAsNurse.Message);
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => Entry.MarkMissedAsync(As("r", Roles.Researcher), visitId, 0, MissedReason.Refused, null));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => Entry.UpdateVitalStatusAsync(Surgeon(), patientId, 0, new VitalStatusInput(VitalStatusEventKind.Death, Today, null)));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => S.GetRequiredService<PatientService>().CreateAsync(Nurse(), NewPatient(Today)));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => S.GetRequiredService<ProcedureService>().RecordAsync(Nurse(), patientId, NewProcedure(Today)));
        await using var db = await DbAsync();
        Assert.False(db.Assessments.Any(a => a.VisitId == visitId));
    }

    [Fact]
    public async Task Out_of_range_scores_are_refused_with_messages_per_field_and_out_of_window_dates_are_flagged()
    {
        var (_, studyId, visitId) = await TreatedPatientAsync(S, 91, VisitCode.Month3);
        var entry = (await Entry.LoadAsync(Nurse(), visitId))!;
        var bad = await Assert.ThrowsAsync<ClinicalValidationException>(() =>
            Entry.RecordAssessmentAsync(Nurse(), visitId, entry.VisitVersion, new AssessmentInput(10.5m, 85, Today.AddDays(1), AssessmentSource.Phone)));
        Assert.Contains(bad.Problems, p => p.Field == "Vas" && p.Message.Contains("between 0.0 and 10.0"));
        Assert.Contains(bad.Problems, p => p.Field == "Kps" && p.Message.Contains("steps of 10"));
        Assert.Contains(bad.Problems, p => p.Field == "AssessmentDate" && p.Message.Contains("in the future"));

        // 3 months after a procedure 91 days ago: the window is days 77-105, so 20 days ago is outside it.
        var saved = await Entry.RecordAssessmentAsync(Nurse(), visitId, entry.VisitVersion, new AssessmentInput(2.5m, 90, Today.AddDays(-20), AssessmentSource.Clinic));
        Assert.True(saved.Flagged);
        Assert.Contains("out of window", saved.Message);
        Assert.Contains(studyId, saved.Message);
    }

    [Fact]
    public async Task Correcting_saved_scores_needs_a_reason_which_the_audit_trail_keeps()
    {
        var (_, _, visitId) = await TreatedPatientAsync(S, 91, VisitCode.Month3);
        var entry = (await Entry.LoadAsync(Nurse(), visitId))!;
        await Entry.RecordAssessmentAsync(Nurse(), visitId, entry.VisitVersion, new AssessmentInput(3m, 80, Today, AssessmentSource.Phone));
        entry = (await Entry.LoadAsync(Nurse(), visitId))!;

        var noReason = await Assert.ThrowsAsync<ClinicalValidationException>(() =>
            Entry.RecordAssessmentAsync(Nurse(), visitId, entry.VisitVersion, new AssessmentInput(4m, 80, Today, AssessmentSource.Phone)));
        Assert.Contains(noReason.Problems, p => p.Field == "Reason" && p.Message.Contains("give a reason"));

        var corrected = await Entry.RecordAssessmentAsync(Nurse(), visitId, entry.VisitVersion, new AssessmentInput(4m, 80, Today, AssessmentSource.Phone, "Patient misheard the scale"));
        Assert.StartsWith("Corrected VAS 4.0", corrected.Message);
        await using var db = await DbAsync();
        var assessments = db.Assessments.Where(a => a.VisitId == visitId).Select(a => a.Id.ToString()).ToList();
        var line = db.AuditTrail.Single(a => a.Entity == nameof(Assessment) && assessments.Contains(a.RecordKey!) && a.Field == "Vas" && a.Action == "updated");
        Assert.Equal(("3", "4", "Patient misheard the scale", "nurse.ann"), (line.OldValue, line.NewValue, line.Reason, line.User));
    }

    [Fact]
    public async Task A_second_save_of_the_same_visit_is_refused_naming_who_changed_what()
    {
        var (_, studyId, visitId) = await TreatedPatientAsync(S, 91, VisitCode.Month3);
        var seenByAnn = (await Entry.LoadAsync(Nurse("nurse.ann"), visitId))!;
        var seenByBo = (await Entry.LoadAsync(Nurse("nurse.bo"), visitId))!;
        await Entry.RecordAssessmentAsync(Nurse("nurse.ann"), visitId, seenByAnn.VisitVersion, new AssessmentInput(3.5m, 80, Today, AssessmentSource.Phone));

        var refused = await Assert.ThrowsAsync<RecordChangedException>(() =>
            Entry.MarkMissedAsync(Nurse("nurse.bo"), visitId, seenByBo.VisitVersion, MissedReason.Unreachable, null));
        Assert.Contains($"{studyId}, 3 months was changed by nurse.ann", refused.Message);
        Assert.Contains("added an assessment (VAS 3.5, KPS 80", refused.Message);
        Assert.Contains("not saved", refused.Message);
        await using var db = await DbAsync();
        Assert.Null(db.Visits.Single(v => v.Id == visitId).MissedReason);
    }

    [Fact]
    public async Task Marking_missed_needs_a_nurse_reason_and_takes_the_visit_off_the_worklist()
    {
        var (_, studyId, visitId) = await TreatedPatientAsync(S, 91, VisitCode.Month3);
        var entry = (await Entry.LoadAsync(Nurse(), visitId))!;
        var none = await Assert.ThrowsAsync<ClinicalValidationException>(() => Entry.MarkMissedAsync(Nurse(), visitId, entry.VisitVersion, null, null));
        Assert.Contains(none.Problems, p => p.Field == "MissedReason");
        var other = await Assert.ThrowsAsync<ClinicalValidationException>(() => Entry.MarkMissedAsync(Nurse(), visitId, entry.VisitVersion, MissedReason.Other, " "));
        Assert.Contains(other.Problems, p => p.Field == "MissedNote");
        var died = await Assert.ThrowsAsync<ClinicalValidationException>(() => Entry.MarkMissedAsync(Nurse(), visitId, entry.VisitVersion, MissedReason.Died, null));
        Assert.Contains("vital status", died.Problems.Single().Message);

        var worklist = S.GetRequiredService<WorklistService>();
        Assert.Contains(await worklist.LoadAsync(Nurse()), r => r.VisitId == visitId);
        await Entry.MarkMissedAsync(Nurse(), visitId, entry.VisitVersion, MissedReason.TooIll, "In hospital");
        Assert.DoesNotContain(await worklist.LoadAsync(Nurse()), r => r.VisitId == visitId);
        Assert.Contains(studyId, (await worklist.LoadAsync(Nurse())).Select(r => r.StudyId)); // its overdue earlier visits stay
    }

    [Fact]
    public async Task A_death_is_never_before_the_procedure_nor_before_recorded_scores_and_nothing_is_scored_after_it()
    {
        var (patientId, _, visitId) = await TreatedPatientAsync(S, 91, VisitCode.Month3);
        var entry = (await Entry.LoadAsync(Nurse(), visitId))!;
        var before = await Assert.ThrowsAsync<ClinicalValidationException>(() =>
            Entry.UpdateVitalStatusAsync(Nurse(), patientId, entry.PatientVersion, new VitalStatusInput(VitalStatusEventKind.Death, Today.AddDays(-100), null)));
        Assert.Contains(before.Problems, p => p.Field == "VitalDate" && p.Message.Contains("before the procedure"));

        await Entry.RecordAssessmentAsync(Nurse(), visitId, entry.VisitVersion, new AssessmentInput(5m, 60, Today.AddDays(-5), AssessmentSource.Phone));
        entry = (await Entry.LoadAsync(Nurse(), visitId))!;
        var beforeScores = await Assert.ThrowsAsync<ClinicalValidationException>(() =>
            Entry.UpdateVitalStatusAsync(Nurse(), patientId, entry.PatientVersion, new VitalStatusInput(VitalStatusEventKind.Death, Today.AddDays(-10), null)));
        Assert.Contains(beforeScores.Problems, p => p.Field == "VitalDate" && p.Message.Contains("assessment on") && p.Message.Contains("is after the death on"));

        await Entry.UpdateVitalStatusAsync(Nurse(), patientId, entry.PatientVersion, new VitalStatusInput(VitalStatusEventKind.Death, Today.AddDays(-2), "Progression"));
        await using var db = await DbAsync();
        var oneMonth = db.Visits.Single(v => v.PatientId == patientId && v.Code == VisitCode.Month6);
        Assert.Equal(VisitStatus.NotExpected, oneMonth.StatusOn(Today, db.Patients.Single(p => p.Id == patientId).Closure));
        entry = (await Entry.LoadAsync(Nurse(), visitId))!;
        var after = await Assert.ThrowsAsync<ClinicalValidationException>(() =>
            Entry.RecordAssessmentAsync(Nurse(), visitId, entry.VisitVersion, new AssessmentInput(4m, 50, Today, AssessmentSource.Phone, "late call")));
        Assert.Contains(after.Problems, p => p.Field == "AssessmentDate" && p.Message.Contains("after the death"));
        var changeWithoutReason = await Assert.ThrowsAsync<ClinicalValidationException>(() =>
            Entry.UpdateVitalStatusAsync(Nurse(), patientId, entry.PatientVersion, new VitalStatusInput(VitalStatusEventKind.Death, Today.AddDays(-1), "Progression")));
        Assert.Contains(changeWithoutReason.Problems, p => p.Field == "Reason");
    }

    [Fact]
    public async Task Reaching_the_patient_by_phone_records_the_attempt_and_the_date_known_alive()
    {
        var (patientId, _, visitId) = await TreatedPatientAsync(S, 91, VisitCode.Month3);
        await Entry.AddContactAttemptAsync(Nurse(), visitId, new ContactInput(ContactOutcome.NoAnswer, null));
        await Entry.AddContactAttemptAsync(Nurse(), visitId, new ContactInput(ContactOutcome.Reached, "Will call back with scores"));
        var rows = await S.GetRequiredService<WorklistService>().LoadAsync(Nurse());
        Assert.Equal(ContactOutcome.Reached, rows.Single(r => r.VisitId == visitId).LastAttemptOutcome);
        await using var db = await DbAsync();
        Assert.Equal(Today, db.Patients.Single(p => p.Id == patientId).LastKnownAliveDate);
        Assert.Equal(2, db.ContactAttempts.Count(c => c.VisitId == visitId));
    }

    [Fact]
    public async Task A_call_made_earlier_is_recorded_at_the_typed_time_and_impossible_times_are_refused()
    {
        var (patientId, _, visitId) = await TreatedPatientAsync(S, 91, VisitCode.Month3);
        var clock = S.GetRequiredService<RegistryClock>();
        var yesterdayMorning = Today.AddDays(-1).ToDateTime(new TimeOnly(9, 30));
        await Entry.AddContactAttemptAsync(Nurse(), visitId, new ContactInput(ContactOutcome.Reached, null, yesterdayMorning));

        var future = await Assert.ThrowsAsync<ClinicalValidationException>(() => Entry.AddContactAttemptAsync(Nurse(), visitId,
            new ContactInput(ContactOutcome.NoAnswer, null, TimeZoneInfo.ConvertTimeFromUtc(clock.UtcNow, clock.Zone).AddHours(2))));
        Assert.Contains(future.Problems, p => p.Field == "ContactTime" && p.Message.Contains("future"));
        var beforeProcedure = await Assert.ThrowsAsync<ClinicalValidationException>(() => Entry.AddContactAttemptAsync(Nurse(), visitId,
            new ContactInput(ContactOutcome.NoAnswer, null, Today.AddDays(-200).ToDateTime(new TimeOnly(10, 0)))));
        Assert.Contains(beforeProcedure.Problems, p => p.Field == "ContactTime" && p.Message.Contains("before the procedure"));

        await using var db = await DbAsync();
        var attempt = db.ContactAttempts.Single(c => c.VisitId == visitId);
        Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(yesterdayMorning, clock.Zone), attempt.AttemptedAtUtc);
        Assert.Equal(Today.AddDays(-1), db.Patients.Single(p => p.Id == patientId).LastKnownAliveDate);
    }

    [Fact]
    public async Task A_nurse_corrects_the_phone_number_with_the_call_and_the_audit_trail_keeps_the_old_one()
    {
        var (patientId, studyId, visitId) = await TreatedPatientAsync(S, 91, VisitCode.Month3);
        var entry = (await Entry.LoadAsync(Nurse(), visitId))!;
        var old = entry.Phone;

        var bad = await Assert.ThrowsAsync<ClinicalValidationException>(() => Entry.AddContactAttemptAsync(Nurse(), visitId,
            new ContactInput(ContactOutcome.WrongNumber, null, NewPhone: "call her daughter", SeenPatientVersion: entry.PatientVersion)));
        Assert.Contains(bad.Problems, p => p.Field == "Phone" && p.Message.Contains("digits"));

        var saved = await Entry.AddContactAttemptAsync(Nurse(), visitId,
            new ContactInput(ContactOutcome.WrongNumber, "New number from the GP", NewPhone: " +86 21 5555 0199 ", SeenPatientVersion: entry.PatientVersion));
        Assert.Contains("Phone number now +86 21 5555 0199", saved.Message);

        await using var db = await DbAsync();
        Assert.Equal("+86 21 5555 0199", db.Patients.Single(p => p.Id == patientId).Phone);
        Assert.Single(db.ContactAttempts.Where(c => c.VisitId == visitId)); // the refused call left nothing behind
        var line = db.AuditTrail.Single(a => a.Entity == nameof(Patient) && a.RecordKey == patientId.ToString() && a.Field == "Phone");
        Assert.Equal((old, "+86 21 5555 0199", "nurse.ann"), (line.OldValue, line.NewValue, line.User));
        var rows = await S.GetRequiredService<WorklistService>().LoadAsync(Nurse());
        Assert.Equal("+86 21 5555 0199", rows.Single(r => r.VisitId == visitId).Phone);
    }

    [Fact]
    public async Task A_phone_correction_on_a_record_someone_else_changed_meanwhile_is_refused_and_nothing_is_saved()
    {
        var (patientId, studyId, visitId) = await TreatedPatientAsync(S, 91, VisitCode.Month3);
        var seen = (await Entry.LoadAsync(Nurse("nurse.bo"), visitId))!;
        await S.GetRequiredService<PatientService>().UpdatePhoneAsync(Nurse("nurse.ann"), patientId, "555 0100", seen.PatientVersion);

        var refused = await Assert.ThrowsAsync<RecordChangedException>(() => Entry.AddContactAttemptAsync(Nurse("nurse.bo"), visitId,
            new ContactInput(ContactOutcome.Reached, null, NewPhone: "555 0200", SeenPatientVersion: seen.PatientVersion)));
        Assert.Contains("nurse.ann", refused.Message);
        await using var db = await DbAsync();
        Assert.Equal("555 0100", db.Patients.Single(p => p.Id == patientId).Phone);
        Assert.False(db.ContactAttempts.Any(c => c.VisitId == visitId));
    }
}
