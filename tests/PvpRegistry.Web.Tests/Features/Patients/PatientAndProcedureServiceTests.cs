using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Web.Features.Patients;
using PvpRegistry.Web.Features.Procedures;
using PvpRegistry.Web.Tests.Infrastructure;
using static PvpRegistry.Web.Tests.Infrastructure.TestPeople;

namespace PvpRegistry.Web.Tests.Features.Patients;

/// <summary>Each test enters its own patients into the class's registry.</summary>
public class PatientAndProcedureServiceTests(RegistryWebFactory factory) : IClassFixture<RegistryWebFactory>
{
    private IServiceProvider S => factory.Services;
    private PatientService Patients => S.GetRequiredService<PatientService>();
    private ProcedureService Procedures => S.GetRequiredService<ProcedureService>();
    private DateOnly Today => S.GetRequiredService<RegistryClock>().Today;

    [Fact]
    public async Task Study_ids_are_given_in_sequence_and_a_duplicate_mrn_is_refused()
    {
        var first = await Patients.CreateAsync(Surgeon(), NewPatient(Today));
        var second = await Patients.CreateAsync(Surgeon(), NewPatient(Today));
        Assert.Matches("^PVP-[0-9]{4}$", first.StudyId);
        Assert.Equal(StudyIdAfter(first.StudyId), second.StudyId);

        var input = NewPatient(Today);
        await using (var db = await S.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync())
            input.Mrn = db.Patients.Single(p => p.Id == first.Id).Mrn;
        var duplicate = await Assert.ThrowsAsync<ClinicalValidationException>(() => Patients.CreateAsync(Surgeon(), input));
        Assert.Contains(duplicate.Problems, p => p.Field == "Mrn" && p.Message.Contains("Another patient has this MRN"));
        Assert.Equal(StudyIdAfter(second.StudyId), (await Patients.CreateAsync(Surgeon(), NewPatient(Today))).StudyId);
    }

    private static string StudyIdAfter(string studyId) => $"PVP-{int.Parse(studyId[4..]) + 1:0000}";

    [Fact]
    public async Task A_patient_who_fails_a_criterion_is_saved_only_as_a_screen_failure_with_a_reason()
    {
        var input = NewPatient(Today);
        input.Criteria[nameof(Eligibility.RefusesSurgery)] = true;
        var enrolled = await Assert.ThrowsAsync<ClinicalValidationException>(() => Patients.CreateAsync(Surgeon(), input));
        Assert.Contains(enrolled.Problems, p => p.Field == "EnrolmentStatus" && p.Message.Contains("Refuses surgery"));

        input.EnrolmentStatus = EnrolmentStatus.ScreenFailure;
        var noReason = await Assert.ThrowsAsync<ClinicalValidationException>(() => Patients.CreateAsync(Surgeon(), input));
        Assert.Contains(noReason.Problems, p => p.Field == "ScreenFailureReason");

        input.ScreenFailureReason = "Declined the operation";
        var (id, _) = await Patients.CreateAsync(Surgeon(), input);
        var procedure = await Assert.ThrowsAsync<ClinicalValidationException>(() => Procedures.RecordAsync(Surgeon(), id, NewProcedure(Today)));
        Assert.Contains("screen failure", procedure.Problems.Single().Message);
    }

    [Fact]
    public async Task Editing_a_saved_baseline_needs_a_reason_and_a_concurrent_edit_is_refused_naming_the_change()
    {
        var (id, studyId) = await Patients.CreateAsync(Surgeon(), NewPatient(Today));
        var mine = (await Patients.LoadForEditAsync(Surgeon("dr.li"), id))!;
        var theirs = (await Patients.LoadForEditAsync(Surgeon("dr.wu"), id))!;

        theirs.SegmentCount = 2;
        theirs.InvolvedLevels = [SpinalLevel.L2, SpinalLevel.L3];
        var noReason = await Assert.ThrowsAsync<ClinicalValidationException>(() => Patients.UpdateAsync(Surgeon("dr.wu"), id, theirs));
        Assert.Contains(noReason.Problems, p => p.Field == "Reason");
        theirs.Reason = "MRI re-read";
        await Patients.UpdateAsync(Surgeon("dr.wu"), id, theirs);

        mine.VisceralMetastasis = true;
        mine.Reason = "CT report";
        var refused = await Assert.ThrowsAsync<RecordChangedException>(() => Patients.UpdateAsync(Surgeon("dr.li"), id, mine));
        Assert.Contains($"{studyId}'s record was changed by dr.wu", refused.Message);
        Assert.Contains("segment count 1 -> 2", refused.Message);
        Assert.Contains("reason: MRI re-read", refused.Message);
    }

    [Fact]
    public async Task Recording_a_procedure_creates_seven_visits_and_correcting_its_date_moves_every_window()
    {
        var (id, studyId) = await Patients.CreateAsync(Surgeon(), NewPatient(Today));
        var bad = NewProcedure(Today.AddDays(2));
        bad.Levels[SpinalLevel.L4] = 25m;
        bad.SeedCount = 10;
        var refused = await Assert.ThrowsAsync<ClinicalValidationException>(() => Procedures.RecordAsync(Surgeon(), id, bad));
        Assert.Contains(refused.Problems, p => p.Field == "Date" && p.Message.Contains("in the future"));
        Assert.Contains(refused.Problems, p => p.Field == "TreatedLevels.L4" && p.Message.Contains("0.5 to 20 mL"));

        var message = await Procedures.RecordAsync(Surgeon(), id, NewProcedure(Today.AddDays(-40)));
        Assert.Contains("7 follow-up visits scheduled", message);

        // The 1-month visit is done; then the date is corrected by a week.
        await using var db = await S.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var oneMonth = db.Visits.Single(v => v.PatientId == id && v.Code == VisitCode.Month1);
        var entry = S.GetRequiredService<PvpRegistry.Web.Features.Worklist.ScoreEntryService>();
        await entry.RecordAssessmentAsync(Nurse(), oneMonth.Id, oneMonth.Version, new(3m, 80, Today.AddDays(-10), AssessmentSource.Clinic));

        var view = (await Procedures.LoadAsync(Surgeon(), id))!;
        view.Input.Date = Today.AddDays(-47);
        var noReason = await Assert.ThrowsAsync<ClinicalValidationException>(() => Procedures.UpdateAsync(Surgeon(), id, view.Input));
        Assert.Contains(noReason.Problems, p => p.Field == "Reason");
        view.Input.Reason = "Date typed wrong at entry";
        var moved = await Procedures.UpdateAsync(Surgeon(), id, view.Input);
        Assert.Equal($"Procedure date of {studyId} corrected from {Today.AddDays(-40):yyyy-MM-dd} to {Today.AddDays(-47):yyyy-MM-dd}: every visit window moved.", moved);
        db.ChangeTracker.Clear();
        Assert.Equal(Today.AddDays(-47 + 91), db.Visits.Single(v => v.PatientId == id && v.Code == VisitCode.Month3).TargetDate);
        Assert.Equal(Today.AddDays(-47 + 30), db.Visits.Single(v => v.PatientId == id && v.Code == VisitCode.Month1).TargetDate);
    }

    [Fact]
    public async Task Preop_scores_saved_with_the_procedure_complete_the_preop_visit_so_it_leaves_the_worklist()
    {
        var worklist = S.GetRequiredService<PvpRegistry.Web.Features.Worklist.WorklistService>();
        var (without, _) = await Patients.CreateAsync(Surgeon(), NewPatient(Today));
        await Procedures.RecordAsync(Surgeon(), without, NewProcedure(Today.AddDays(-1)));
        Assert.Contains(await worklist.LoadAsync(Nurse()), i => i.PatientId == without && i.Visit == VisitCode.Preop);

        var (id, studyId) = await Patients.CreateAsync(Surgeon(), NewPatient(Today));
        var input = NewProcedure(Today.AddDays(-1));
        (input.PreopVas, input.PreopKps, input.PreopDate) = (7.5m, 70, Today.AddDays(-3));
        var message = await Procedures.RecordAsync(Surgeon("dr.li"), id, input);

        Assert.Equal($"Procedure recorded for {studyId} on {Today.AddDays(-1):yyyy-MM-dd}; 7 follow-up visits scheduled; preop VAS 7.5, KPS 70 saved.", message);
        Assert.DoesNotContain(await worklist.LoadAsync(Nurse()), i => i.PatientId == id && i.Visit == VisitCode.Preop);
        var view = (await Procedures.LoadAsync(Surgeon(), id))!;
        Assert.Equal((7.5m, 70, Today.AddDays(-3), AssessmentSource.Clinic, "dr.li"), (view.Preop!.Vas, view.Preop.Kps, view.Preop.Date, view.Preop.Source, view.Preop.EnteredBy));
    }

    [Fact]
    public async Task Out_of_range_or_out_of_window_preop_scores_are_refused_under_their_field_and_nothing_is_saved()
    {
        var (id, _) = await Patients.CreateAsync(Surgeon(), NewPatient(Today));
        var input = NewProcedure(Today.AddDays(-1));
        (input.PreopVas, input.PreopKps, input.PreopDate) = (11m, 75, Today.AddDays(-2));
        var refused = await Assert.ThrowsAsync<ClinicalValidationException>(() => Procedures.RecordAsync(Surgeon(), id, input));
        Assert.Contains(refused.Problems, p => p.Field == "PreopVas" && p.Message == "VAS must be between 0.0 and 10.0 (got 11).");
        Assert.Contains(refused.Problems, p => p.Field == "PreopKps" && p.Message == "KPS goes in steps of 10 (got 75).");

        (input.PreopVas, input.PreopKps, input.PreopDate) = (6m, 80, Today.AddDays(-30));
        var early = await Assert.ThrowsAsync<ClinicalValidationException>(() => Procedures.RecordAsync(Surgeon(), id, input));
        Assert.Contains(early.Problems, p => p.Field == "PreopDate" && p.Message.Contains("before its window opens"));

        input.PreopDate = Today;
        var afterSurgery = await Assert.ThrowsAsync<ClinicalValidationException>(() => Procedures.RecordAsync(Surgeon(), id, input));
        Assert.Contains(afterSurgery.Problems, p => p.Field == "PreopDate" && p.Message.Contains("after the procedure"));

        await using var db = await S.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        Assert.False(db.Procedures.Any(p => p.PatientId == id));
        Assert.False(db.Visits.Any(v => v.PatientId == id));
    }

    [Fact]
    public async Task Preop_scores_can_be_added_to_a_recorded_procedure_without_a_reason_but_not_twice()
    {
        var (id, studyId) = await Patients.CreateAsync(Surgeon(), NewPatient(Today));
        await Procedures.RecordAsync(Surgeon(), id, NewProcedure(Today.AddDays(-2)));
        var view = (await Procedures.LoadAsync(Surgeon(), id))!;
        Assert.Null(view.Preop);
        (view.Input.PreopVas, view.Input.PreopDate) = (5m, Today.AddDays(-2));
        Assert.Equal($"Saved preop VAS 5.0, KPS - for {studyId}.", await Procedures.UpdateAsync(Surgeon(), id, view.Input));

        var again = (await Procedures.LoadAsync(Surgeon(), id))!;
        Assert.Equal(5m, again.Preop!.Vas);
        (again.Input.PreopKps, again.Input.PreopDate) = (80, Today.AddDays(-2));
        var refused = await Assert.ThrowsAsync<ClinicalValidationException>(() => Procedures.UpdateAsync(Surgeon(), id, again.Input));
        Assert.Contains(refused.Problems, p => p.Field == "PreopVas" && p.Message.Contains("already saved; correct them from the patient page"));
    }
}
