using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Quality;
using PvpRegistry.Data.Reminders;
using PvpRegistry.Web.Components.Shared;
using PvpRegistry.Web.Features.Account;
using PvpRegistry.Web.Features.Worklist;

namespace PvpRegistry.Web.Features.Procedures;

/// <summary>The procedure form's input model.</summary>
public class ProcedureInput
{
    public DateOnly? Date { get; set; }
    public string? Surgeon { get; set; }

    /// <summary>The treated levels, in spinal order, with the cement injected at each.</summary>
    public SortedDictionary<SpinalLevel, decimal?> Levels { get; set; } = [];
    public int? SeedCount { get; set; }
    public decimal? SeedActivityMci { get; set; }
    public decimal? PlannedDoseGy { get; set; }
    public CementLeakage Leakage { get; set; } = CementLeakage.None;
    public string? Complications { get; set; }
    public string? Notes { get; set; }
    public uint Version { get; set; }
    public string? Reason { get; set; }

    /// <summary>The preop baseline (optional): saved with the procedure as the preop visit's assessment, if it has none yet.</summary>
    public decimal? PreopVas { get; set; }
    public int? PreopKps { get; set; }

    /// <summary>When the preop scores were taken: typed, never filled in.</summary>
    public DateOnly? PreopDate { get; set; }

    public bool HasPreop => PreopVas is not null || PreopKps is not null || PreopDate is not null;
}

/// <param name="Preop">The preop visit's saved scores (then shown read-only; corrected from the patient page).</param>
public record ProcedureView(int PatientId, string StudyId, TreatmentGroup Group, EnrolmentStatus EnrolmentStatus, int? ProcedureId, ProcedureInput Input,
    AssessmentView? Preop = null);

/// <summary>Records a patient's procedure (creating the follow-up schedule) and corrects it (moving every visit window).</summary>
public class ProcedureService(IDbContextFactory<RegistryDbContext> dbFactory, RegistryClock clock, FollowUpSchedule schedule, ReminderRun reminders, ScoreEntryService scores,
    IStringLocalizer<ProcedureText> T, RegistryText texts)
{
    public async Task<ProcedureView?> LoadAsync(ClaimsPrincipal user, int patientId, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Surgeon);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var p = await db.Patients.AsNoTracking().AsSplitQuery().Include(x => x.Procedures).Include(x => x.Visits).ThenInclude(v => v.Assessments)
            .SingleOrDefaultAsync(x => x.Id == patientId && x.Voided == null, ct);
        if (p is null) return null;
        var proc = p.Procedures.Where(x => x.Voided is null).OrderBy(x => x.Date).FirstOrDefault();
        var input = proc is null ? new ProcedureInput { Date = clock.Today } : new ProcedureInput
        {
            Date = proc.Date, Surgeon = proc.Surgeon, Levels = new(proc.TreatedLevels.ToDictionary(l => l.Level, l => l.CementMl)),
            SeedCount = proc.SeedCount, SeedActivityMci = proc.SeedActivityMci, PlannedDoseGy = proc.PlannedDoseGy, Leakage = proc.Leakage,
            Complications = proc.Complications, Notes = proc.Notes, Version = proc.Version,
        };
        var preop = p.Visits.SingleOrDefault(v => v.Code == VisitCode.Preop)?.CurrentAssessment;
        return new ProcedureView(p.Id, p.StudyId, p.Group, p.EnrolmentStatus, proc?.Id, input,
            preop is null ? null : new AssessmentView(preop.Id, preop.Vas, preop.Kps, preop.AssessmentDate, preop.Source, preop.EnteredBy));
    }

    /// <summary>Records the procedure and creates the seven-visit schedule; returns a message for the user.</summary>
    public async Task<string> RecordAsync(ClaimsPrincipal user, int patientId, ProcedureInput input, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Surgeon);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var patient = await db.Patients.WithRecord()
            .SingleOrDefaultAsync(p => p.Id == patientId && p.Voided == null, ct)
            ?? throw new ClinicalValidationException([new("", T["Err.PatientGone"])]);
        var guard = PatientRecord.Guard(patient, clock);
        var problems = new List<ValidationProblem>();
        if (patient.Procedures.Any(p => p.Voided is null)) problems.Add(new("", T["Err.AlreadyHasProcedure", patient.StudyId]));
        if (patient.EnrolmentStatus == EnrolmentStatus.ScreenFailure) problems.Add(new("", T["Err.ScreenFailure", patient.StudyId]));
        var procedure = new Procedure { PatientId = patient.Id };
        problems.AddRange(Apply(input, procedure, patient));
        if (problems.Count > 0) throw new ClinicalValidationException(problems);

        patient.Procedures.Add(procedure);
        if (patient.BirthDate is { } born) patient.AgeAtProcedure = Patient.AgeOn(born, procedure.Date);
        int created = 0;
        if (patient.Visits.Count == 0)
        {
            patient.Visits.AddRange(schedule.CreateVisits(procedure.Date));
            created = patient.Visits.Count;
        }
        var preop = ApplyPreop(db, patient, procedure, input, RoleCheck.NameOf(user));
        ThrowIfBroken(guard, preop);
        db.Actor = RoleCheck.NameOf(user);
        await db.SaveChangesAsync(ct);
        // The new schedule's due and overdue visits get their reminders now, not at the next daily run.
        await reminders.RaiseNowAsync([patient.Id], ct);
        return T["Msg.Recorded", patient.StudyId, Format(procedure.Date), created, PreopSaved(input, preop)].Value;
    }

    /// <summary>
    /// Corrects the procedure (a reason is required). A new date moves every visit's window; a date that would make a
    /// recorded fact break a record rule (a Day 1 score before it, the procedure before consent) is refused, listing them.
    /// </summary>
    public async Task<string> UpdateAsync(ClaimsPrincipal user, int patientId, ProcedureInput input, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Surgeon);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var patient = await db.Patients.WithRecord()
            .SingleOrDefaultAsync(p => p.Id == patientId && p.Voided == null, ct)
            ?? throw new ClinicalValidationException([new("", T["Err.PatientGone"])]);
        var procedure = patient.Procedures.Where(p => p.Voided is null).OrderBy(p => p.Date).FirstOrDefault()
            ?? throw new ClinicalValidationException([new("", T["Err.NoProcedure", patient.StudyId])]);
        if (procedure.Version != input.Version) throw await ConflictAsync(db, patient, procedure, ct);
        var guard = PatientRecord.Guard(patient, clock);

        var oldDate = procedure.Date;
        var problems = Apply(input, procedure, patient);
        db.ChangeTracker.DetectChanges();
        bool changed = db.Entry(procedure).State == EntityState.Modified;
        if (!changed && !input.HasPreop && problems.Count == 0) problems.Add(new("", T["Err.NothingChanged"]));
        else if (changed && string.IsNullOrWhiteSpace(input.Reason)) problems.Add(new("Reason", T["Err.GiveReason"]));
        if (problems.Count > 0) throw new ClinicalValidationException(problems);
        var preop = ApplyPreop(db, patient, procedure, input, RoleCheck.NameOf(user));

        int outOfWindow = 0;
        if (procedure.Date != oldDate)
        {
            // Every window follows the new date; done visits keep their assessment, judged again against the new window.
            schedule.MoveVisits(patient.Visits, procedure.Date);
            outOfWindow = patient.Visits.Count(v => v.CurrentAssessment is { } a && VisitStatusRules.IsOutOfWindow(v.Window, a.AssessmentDate));
            if (patient.BirthDate is { } born) patient.AgeAtProcedure = Patient.AgeOn(born, procedure.Date);
            var broken = guard.NewRefusals();
            if (broken.Count > 0)
                throw new ClinicalValidationException([new(nameof(input.Date),
                    T["Err.DateContradicts", Format(procedure.Date), string.Join(" ", broken.Select(texts.Violation))])]);
        }
        else ThrowIfBroken(guard, preop);
        db.Actor = RoleCheck.NameOf(user);
        if (changed) db.ChangeReason = input.Reason!.Trim();
        db.Entry(procedure).Property(p => p.Version).OriginalValue = input.Version;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw await ConflictAsync(db, patient, procedure, ct);
        }
        if (procedure.Date == oldDate) return changed ? T["Msg.Corrected", patient.StudyId, PreopSaved(input, preop)] : T["Msg.PreopSaved", PreopScores(input), patient.StudyId];
        await reminders.RaiseNowAsync([patient.Id], ct);
        return T["Msg.DateCorrected", patient.StudyId, Format(oldDate), Format(procedure.Date),
            outOfWindow == 0 ? "" : T[outOfWindow == 1 ? "Msg.OneOutOfWindow" : "Msg.NOutOfWindow", outOfWindow].Value, PreopSaved(input, preop)];
    }

    private List<ValidationProblem> Apply(ProcedureInput input, Procedure proc, Patient patient)
    {
        var problems = new List<ValidationProblem>();
        if (input.Date is null) problems.Add(new(nameof(input.Date), T["Err.EnterDate"]));
        else if (input.Date > clock.Today) problems.Add(new(nameof(input.Date), T["Err.DateInFuture", Format(input.Date.Value)]));
        if (input.Levels.Count == 0) problems.Add(new(nameof(Procedure.TreatedLevels), T["Err.PickLevel"]));
        foreach (var (level, ml) in input.Levels.Where(l => l.Value is null))
            problems.Add(new($"{nameof(Procedure.TreatedLevels)}.{level}", T["Err.EnterCement", level.ToString()]));
        if (input.Surgeon is { Length: > ClinicalLimits.UserMaxLength }) problems.Add(new(nameof(input.Surgeon), T["Err.SurgeonTooLong"]));
        if (input.Complications is { Length: > ClinicalLimits.FreeTextMaxLength }) problems.Add(new(nameof(input.Complications), T["Err.TooLong"]));
        if (input.Notes is { Length: > ClinicalLimits.FreeTextMaxLength }) problems.Add(new(nameof(input.Notes), T["Err.TooLong"]));

        if (input.Date is { } date && proc.Date != date) proc.Date = date;
        SetIfChanged(proc.Surgeon, Clean(input.Surgeon), v => proc.Surgeon = v);
        var levels = input.Levels.Select(l => (l.Key, l.Value)).ToList();
        if (!levels.SequenceEqual(proc.TreatedLevels.Select(l => (l.Level, l.CementMl))))
            proc.TreatedLevels = input.Levels.Select(l => new TreatedLevel { Level = l.Key, CementMl = l.Value }).ToList();
        var total = input.Levels.Values.Sum(v => v ?? 0);
        if (proc.CementTotalMl != total) proc.CementTotalMl = total;
        bool seeds = patient.Group == TreatmentGroup.PvpI125;
        int seedCount = seeds ? input.SeedCount ?? 0 : 0;
        if (proc.SeedCount != seedCount) proc.SeedCount = seedCount;
        SetIfChanged(proc.SeedActivityMci, seeds ? input.SeedActivityMci : null, v => proc.SeedActivityMci = v);
        SetIfChanged(proc.PlannedDoseGy, seeds ? input.PlannedDoseGy : null, v => proc.PlannedDoseGy = v);
        if (seeds && input.SeedActivityMci is null) problems.Add(new(nameof(input.SeedActivityMci), T["Err.EnterActivity"]));
        if (input.PlannedDoseGy is < 0) problems.Add(new(nameof(input.PlannedDoseGy), T["Err.DoseNegative"]));
        if (proc.Leakage != input.Leakage) proc.Leakage = input.Leakage;
        SetIfChanged(proc.Complications, Clean(input.Complications), v => proc.Complications = v);
        SetIfChanged(proc.Notes, Clean(input.Notes), v => proc.Notes = v);

        if (input.Date is not null)
            problems.AddRange(ClinicalValidation.ValidateProcedure(proc, patient).Where(p => problems.All(q => q.Field != p.Field)));
        return problems;
    }

    /// <summary>
    /// Records the preop scores typed with the procedure as the preop visit's assessment, by the worklist's checks
    /// (<see cref="ScoreEntryService.AssessmentProblems"/>), each problem under its preop field. A baseline is taken before
    /// surgery: on the procedure day at the latest (the window's start is the record rules' to check). Null when none was typed.
    /// </summary>
    private FollowUpVisit? ApplyPreop(RegistryDbContext db, Patient patient, Procedure procedure, ProcedureInput input, string enteredBy)
    {
        if (!input.HasPreop) return null;
        var visit = patient.Visits.SingleOrDefault(v => v.Code == VisitCode.Preop)
            ?? throw new ClinicalValidationException([new(nameof(input.PreopVas), T["Err.NoPreopVisit", patient.StudyId])]);
        var problems = new List<ValidationProblem>();
        if (visit.CurrentAssessment is not null)
            problems.Add(new(nameof(input.PreopVas), T["Err.PreopAlreadySaved"]));
        if (input.PreopDate is not { } date)
            problems.Add(new(nameof(input.PreopDate), T["Err.EnterPreopDate"]));
        else if (date > procedure.Date)
            problems.Add(new(nameof(input.PreopDate), T["Err.PreopAfterProcedure", Format(date), Format(procedure.Date)]));
        else
        {
            var scoresInput = new AssessmentInput(input.PreopVas, input.PreopKps, date, AssessmentSource.Clinic);
            problems.AddRange(scores.AssessmentProblems(patient, visit, scoresInput).Select(p => p with { Field = PreopField(p.Field) }));
            if (problems.Count == 0) scores.ApplyAssessment(db, patient, visit, scoresInput, enteredBy);
        }
        if (problems.Count > 0) throw new ClinicalValidationException(problems);
        if (visit.Id != 0) db.Entry(visit).Property(v => v.Version).IsModified = true;
        return visit;
    }

    private static string PreopField(string field) => field switch
    {
        "Vas" => nameof(ProcedureInput.PreopVas),
        "Kps" => nameof(ProcedureInput.PreopKps),
        _ => nameof(ProcedureInput.PreopDate),
    };

    /// <summary>Refuses a change that breaks a record rule: the preop assessment's under the preop date, the rest under the procedure date.</summary>
    private static void ThrowIfBroken(RecordGuard guard, FollowUpVisit? preop)
    {
        var problems = guard.Problems(v => preop is not null && v.Fact is { Kind: FactKind.Assessment, Visit: VisitCode.Preop } ? nameof(ProcedureInput.PreopDate) : nameof(ProcedureInput.Date));
        if (problems.Count > 0) throw new ClinicalValidationException(problems);
    }

    private string PreopSaved(ProcedureInput input, FollowUpVisit? preop) => preop is null ? "" : T["Msg.PreopScoresSaved", PreopScores(input)];

    private string PreopScores(ProcedureInput input) =>
        T["Msg.PreopScores", input.PreopVas?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-", input.PreopKps?.ToString(CultureInfo.InvariantCulture) ?? "-"];

    private static void SetIfChanged<T>(T current, T value, Action<T> set)
    {
        if (!EqualityComparer<T>.Default.Equals(current, value)) set(value);
    }

    private async Task<RecordChangedException> ConflictAsync(RegistryDbContext db, Patient patient, Procedure procedure, CancellationToken ct) =>
        await RecordConflicts.DescribeAsync(db, texts, texts["Conflict.Procedure", patient.StudyId], [(nameof(Procedure), procedure.Id)], ct);

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Format(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
