using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Quality;
using PvpRegistry.Web.Components.Shared;
using PvpRegistry.Web.Features.Account;

namespace PvpRegistry.Web.Features.Worklist;

public record AssessmentView(int Id, decimal? Vas, int? Kps, DateOnly Date, AssessmentSource Source, string EnteredBy);

public record ContactView(DateTime AtUtc, ContactOutcome Outcome, string? Note, string By, int Id = 0, uint Version = 0);

/// <summary>A visit of the patient with scores on a date (to lead to its correction, e.g. when a death date is refused).</summary>
public record ScoredVisit(int VisitId, VisitCode Code, DateOnly Date);

/// <summary>A saved contact attempt corrected: its outcome and note, with the reason.</summary>
public record ContactCorrection(ContactOutcome? Outcome, string? Note, string? Reason);

/// <summary>Everything the score entry panel shows for one visit, with the versions the nurse saw.</summary>
public record VisitEntry(
    int VisitId, int PatientId, string StudyId, VisitCode Code, VisitWindow Window, uint VisitVersion, uint PatientVersion,
    AssessmentView? Current, MissedReason? MissedReason, string? MissedNote, VitalStatus VitalStatus, DateOnly? ExitDate,
    string? DeathCause, DateOnly? LastKnownAlive, DateOnly? ProcedureDate, string? Phone, IReadOnlyList<ContactView> Contacts, DateOnly Today, DateTime NowLocal,
    IReadOnlyList<ScoredVisit>? Scored = null);

public record AssessmentInput(decimal? Vas, int? Kps, DateOnly Date, AssessmentSource Source, string? Reason = null);

public record VitalStatusInput(VitalStatusEventKind Kind, DateOnly Date, string? Cause, string? Reason = null);

/// <summary>
/// A phone call: its outcome, when it was made (registry local time; null = now) and, when the nurse corrected it,
/// the patient's new phone number (null = unchanged, empty = removed), checked against the patient version she saw.
/// </summary>
public record ContactInput(ContactOutcome? Outcome, string? Note, DateTime? AttemptedAtLocal = null, string? NewPhone = null, uint? SeenPatientVersion = null);

public record SaveOutcome(string Message, bool Flagged = false);

/// <summary>
/// What a nurse records from the worklist: scores, missed visits, contact attempts and vital status.
/// The server checks the role, the clinical rules and that nobody else saved the record meanwhile.
/// The messages (saved, refused) are in the user's language, from <see cref="WorklistText"/>; what is audited stays English.
/// </summary>
public class ScoreEntryService(IDbContextFactory<RegistryDbContext> dbFactory, RegistryClock clock, IStringLocalizer<WorklistText> T, RegistryText texts)
{
    public static readonly MissedReason[] NurseMissedReasons = [MissedReason.Unreachable, MissedReason.Refused, MissedReason.TooIll, MissedReason.Other];

    public async Task<VisitEntry?> LoadAsync(ClaimsPrincipal user, int visitId, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Nurse);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visit = await db.Visits.AsNoTracking().AsSplitQuery()
            .Include(v => v.Patient!).ThenInclude(p => p.Procedures)
            .Include(v => v.Assessments).Include(v => v.ContactAttempts)
            .SingleOrDefaultAsync(v => v.Id == visitId && v.Patient!.Voided == null, ct);
        if (visit is null) return null;
        var p = visit.Patient!;
        var scored = await db.Assessments.AsNoTracking().Where(x => x.Visit!.PatientId == p.Id && x.Voided == null)
            .Select(x => new ScoredVisit(x.VisitId, x.Visit!.Code, x.AssessmentDate)).ToListAsync(ct);
        var a = visit.CurrentAssessment;
        return new VisitEntry(visit.Id, p.Id, p.StudyId, visit.Code, visit.Window, visit.Version, p.Version,
            a is null ? null : new AssessmentView(a.Id, a.Vas, a.Kps, a.AssessmentDate, a.Source, a.EnteredBy),
            visit.MissedReason, visit.MissedNote, p.VitalStatus, p.ExitDate, p.DeathCause, p.LastKnownAliveDate,
            ProcedureDate(p), p.Phone,
            visit.ContactAttempts.OrderByDescending(c => c.AttemptedAtUtc).Select(c => new ContactView(c.AttemptedAtUtc, c.Outcome, c.Note, c.RecordedBy, c.Id, c.Version)).ToList(),
            clock.Today, clock.LocalNow, scored.OrderBy(x => x.Date).ToList());
    }

    /// <summary>Records VAS and KPS for a visit, or corrects the recorded ones (with a reason).</summary>
    public async Task<SaveOutcome> RecordAssessmentAsync(ClaimsPrincipal user, int visitId, uint seenVisitVersion, AssessmentInput input, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Nurse);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visit = await LoadVisitAsync(db, visitId, ct);
        var patient = visit.Patient!;
        if (visit.Version != seenVisitVersion) throw await ConflictAsync(db, visit, ct);
        var guard = await GuardAsync(db, patient, ct);

        var current = visit.CurrentAssessment;
        var problems = AssessmentProblems(patient, visit, input);
        if (problems.Count > 0) throw new ClinicalValidationException(problems);

        var name = RoleCheck.NameOf(user);
        ApplyAssessment(db, patient, visit, input, name);
        guard.ThrowIfBroken("AssessmentDate");
        await SaveVisitAsync(db, visit, seenVisitVersion, name, ct);

        bool outOfWindow = VisitStatusRules.IsOutOfWindow(visit.Window, input.Date);
        string message = T[current is null ? "Msg.ScoresSaved" : "Msg.ScoresCorrected", PvpRegistry.Reports.Formats.Vas(input.Vas), Kps(input.Kps), patient.StudyId, texts.Visit(visit.Code)];
        if (outOfWindow) message += T["Msg.FlaggedOutOfWindow", Format(input.Date), Format(visit.WindowStart), Format(visit.WindowEnd)];
        return new SaveOutcome(message, outOfWindow);
    }

    /// <summary>
    /// The checks of scores for a visit of the patient (ranges, a date not in the future nor after the patient left the
    /// study, a correction that changes something and says why). The worklist and the procedure form's preop baseline
    /// both record through these; the record rules are checked by the caller's guard.
    /// </summary>
    public List<ValidationProblem> AssessmentProblems(Patient patient, FollowUpVisit visit, AssessmentInput input)
    {
        var problems = ClinicalValidation.ValidateAssessment(input.Vas, input.Kps, input.Date, clock.Today);
        if (input.Source == AssessmentSource.Import) problems.Add(new("Source", T["Err.ChooseSource"]));
        if (patient.Closure is { } closure && closure.Reason != MissedReason.Died && input.Date > closure.Date)
            problems.Add(new("AssessmentDate", T[closure.Reason == MissedReason.Withdrew ? "Err.WithdrewOn" : "Err.LostOn", Format(closure.Date)]));

        var current = visit.CurrentAssessment;
        if (current is not null && current.Vas == input.Vas && current.Kps == input.Kps && current.AssessmentDate == input.Date && current.Source == input.Source)
            problems.Add(new("Vas", T["Err.ScoresUnchanged"]));
        if (current is not null && string.IsNullOrWhiteSpace(input.Reason))
            problems.Add(new("Reason", T["Err.ScoresNeedReason", PvpRegistry.Reports.Formats.Vas(current.Vas), Kps(current.Kps)]));
        return problems;
    }

    /// <summary>Adds the scores to the visit, or corrects its current ones with the input's reason; a score proves the patient alive that day.</summary>
    public void ApplyAssessment(RegistryDbContext db, Patient patient, FollowUpVisit visit, AssessmentInput input, string enteredBy)
    {
        if (visit.CurrentAssessment is not { } current)
        {
            visit.Assessments.Add(new Assessment
            {
                Vas = input.Vas, Kps = input.Kps, AssessmentDate = input.Date, Source = input.Source,
                EnteredBy = enteredBy, EnteredAtUtc = clock.UtcNow,
            });
        }
        else
        {
            current.Vas = input.Vas;
            current.Kps = input.Kps;
            current.AssessmentDate = input.Date;
            current.Source = input.Source;
            db.ChangeReason = input.Reason!.Trim();
        }
        if (patient.VitalStatus != VitalStatus.Dead && (patient.LastKnownAliveDate is null || patient.LastKnownAliveDate < input.Date))
            patient.LastKnownAliveDate = input.Date;
    }

    public async Task<SaveOutcome> MarkMissedAsync(ClaimsPrincipal user, int visitId, uint seenVisitVersion, MissedReason? reason, string? note, string? changeReason = null, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Nurse);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visit = await LoadVisitAsync(db, visitId, ct);
        if (visit.Version != seenVisitVersion) throw await ConflictAsync(db, visit, ct);
        var guard = await GuardAsync(db, visit.Patient!, ct);

        var problems = new List<ValidationProblem>();
        if (reason is null) problems.Add(new("MissedReason", T["Err.ChooseMissedReason"]));
        else if (!NurseMissedReasons.Contains(reason.Value)) problems.Add(new("MissedReason", T["Err.MissedIsVital"]));
        if (reason == MissedReason.Other && string.IsNullOrWhiteSpace(note)) problems.Add(new("MissedNote", T["Err.SayOtherReason"]));
        if (note is { Length: > ClinicalLimits.ReasonMaxLength }) problems.Add(new("MissedNote", T["Err.NoteTooLong", ClinicalLimits.ReasonMaxLength]));
        if (visit.CurrentAssessment is not null) problems.Add(new("MissedReason", T["Err.ScoredNotMissed"]));
        bool changing = visit.MissedReason is not null;
        if (changing && visit.MissedReason == reason && (visit.MissedNote ?? "") == (note?.Trim() ?? "")) problems.Add(new("MissedReason", T["Err.MissedUnchanged"]));
        if (changing && string.IsNullOrWhiteSpace(changeReason)) problems.Add(new("Reason", T["Err.MissedNeedsReason", texts.Missed(visit.MissedReason!.Value)]));
        if (problems.Count > 0) throw new ClinicalValidationException(problems);

        var name = RoleCheck.NameOf(user);
        visit.MissedReason = reason;
        visit.MissedNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        visit.MissedBy = name;
        visit.MissedAtUtc = clock.UtcNow;
        if (changing) db.ChangeReason = changeReason!.Trim();
        guard.ThrowIfBroken("MissedReason");
        await SaveVisitAsync(db, visit, seenVisitVersion, name, ct);
        return new SaveOutcome(T["Msg.MissedSaved", visit.Patient!.StudyId, texts.Visit(visit.Code), texts.Missed(reason!.Value)]);
    }

    /// <summary>How far ahead of the server clock a typed call time may be (clocks on a ward drift a little).</summary>
    public static readonly TimeSpan CallTimeTolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Adds a contact attempt at the time given (default now) and, if the nurse corrected it, the phone number, in one
    /// save; reaching the patient updates the date last known alive.
    /// </summary>
    public async Task<SaveOutcome> AddContactAttemptAsync(ClaimsPrincipal user, int visitId, ContactInput input, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Nurse);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visit = await LoadVisitAsync(db, visitId, ct);
        var patient = visit.Patient!;
        var guard = await GuardAsync(db, patient, ct);
        var (outcome, note) = (input.Outcome, input.Note);
        var problems = new List<ValidationProblem>();
        if (outcome is null) problems.Add(new("Outcome", T["Err.ChooseOutcome"]));
        if (outcome == ContactOutcome.Other && string.IsNullOrWhiteSpace(note)) problems.Add(new("ContactNote", T["Err.SayWhatHappened"]));
        if (note is { Length: > ClinicalLimits.FreeTextMaxLength }) problems.Add(new("ContactNote", T["Err.NoteTooLong", ClinicalLimits.FreeTextMaxLength]));

        var now = clock.UtcNow;
        var attemptedAtUtc = now;
        if (input.AttemptedAtLocal is { } local)
        {
            attemptedAtUtc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), clock.Zone);
            if (attemptedAtUtc > now + CallTimeTolerance)
                problems.Add(new("ContactTime", T["Err.CallInFuture"]));
        }

        string? newPhone = null;
        bool phoneChanged = false;
        if (input.NewPhone is { } typed)
        {
            newPhone = string.IsNullOrWhiteSpace(typed) ? null : typed.Trim();
            phoneChanged = newPhone != patient.Phone;
            if (phoneChanged && PhoneProblem(newPhone) is { } phoneProblem) problems.Add(new("Phone", phoneProblem));
        }
        if (problems.Count > 0) throw new ClinicalValidationException(problems);

        var name = RoleCheck.NameOf(user);
        if (phoneChanged)
        {
            if (input.SeenPatientVersion is { } seen)
            {
                if (patient.Version != seen)
                    throw await RecordConflicts.DescribeAsync(db, texts, texts["Conflict.PatientRecord", patient.StudyId], [(nameof(Patient), patient.Id)], ct);
                db.Entry(patient).Property(x => x.Version).OriginalValue = seen;
            }
            patient.Phone = newPhone;
        }
        visit.ContactAttempts.Add(new ContactAttempt
        {
            VisitId = visit.Id, AttemptedAtUtc = attemptedAtUtc, Outcome = outcome!.Value, Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(), RecordedBy = name,
        });
        var callDay = clock.DayOf(attemptedAtUtc);
        if (outcome == ContactOutcome.Reached && patient.VitalStatus != VitalStatus.Dead && (patient.LastKnownAliveDate is null || patient.LastKnownAliveDate < callDay))
            patient.LastKnownAliveDate = callDay;
        guard.ThrowIfBroken("ContactTime");
        db.Actor = name;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw await RecordConflicts.DescribeAsync(db, texts, texts["Conflict.PatientRecord", patient.StudyId], [(nameof(Patient), patient.Id)], ct);
        }
        string phoneNote = phoneChanged ? newPhone is null ? T["Msg.PhoneRemoved"] : T["Msg.PhoneNow", newPhone] : "";
        return new SaveOutcome(T["Msg.ContactSaved", patient.StudyId, texts.Outcome(outcome.Value)] + phoneNote);
    }

    /// <summary>A phone number is free text for the nurse to dial, but only of the characters phone numbers use.</summary>
    public string? PhoneProblem(string? phone) =>
        phone is null ? null
        : phone.Length > ClinicalLimits.PhoneMaxLength ? T["Err.PhoneTooLong", ClinicalLimits.PhoneMaxLength].Value
        : !phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.' or '/') ? T["Err.PhoneCharacters"].Value
        : phone.Count(char.IsAsciiDigit) < 3 ? T["Err.PhoneDigits"].Value
        : null;

    /// <summary>Death (date, cause), last known alive, withdrawal or loss to follow-up.</summary>
    public async Task<SaveOutcome> UpdateVitalStatusAsync(ClaimsPrincipal user, int patientId, uint seenPatientVersion, VitalStatusInput input, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Nurse);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var patient = await db.Patients.WithRecord()
            .SingleOrDefaultAsync(p => p.Id == patientId && p.Voided == null, ct)
            ?? throw new ClinicalValidationException([new("", T["Err.PatientGone"])]);
        if (patient.Version != seenPatientVersion) throw await PatientConflictAsync(db, patient, ct);
        var guard = PatientRecord.Guard(patient, clock);

        var today = clock.Today;
        var problems = new List<ValidationProblem>();
        void Add(string field, string? message) { if (message is not null) problems.Add(new(field, message)); }
        // A known-alive date in the future is the record rule's to refuse, with its message naming today.
        if (input.Date > today && input.Kind != VitalStatusEventKind.LastKnownAlive) Add("VitalDate", T["Err.DateInFuture", Format(input.Date)]);
        var procedure = ProcedureDate(patient);
        if (input.Cause is { Length: > ClinicalLimits.ReasonMaxLength }) Add("Cause", T["Err.CauseTooLong", ClinicalLimits.ReasonMaxLength]);

        bool changesSaved = patient.VitalStatus != VitalStatus.Alive;
        switch (input.Kind)
        {
            case VitalStatusEventKind.Death:
                if (patient.VitalStatus == VitalStatus.Dead && patient.ExitDate == input.Date && patient.DeathCause == Clean(input.Cause))
                    Add("VitalDate", T["Err.DeathUnchanged"]);
                break;
            case VitalStatusEventKind.LastKnownAlive:
                if (patient.LastKnownAliveDate is { } known && input.Date <= known)
                    Add("VitalDate", T["Err.AlreadyAlive", Format(known)]);
                changesSaved = false;
                break;
            default:
                if (procedure is { } p0 && input.Date < p0) Add("VitalDate", T["Err.BeforeProcedure", Format(input.Date), Format(p0)]);
                var status = input.Kind == VitalStatusEventKind.Withdrawal ? VitalStatus.Withdrawn : VitalStatus.LostToFollowUp;
                if (patient.VitalStatus == status && patient.ExitDate == input.Date) Add("VitalDate", T["Err.VitalUnchanged"]);
                break;
        }
        if (changesSaved && string.IsNullOrWhiteSpace(input.Reason))
            Add("Reason", T["Err.VitalNeedsReason", texts.Vital(patient.VitalStatus), Format(patient.ExitDate)]);
        if (problems.Count > 0) throw new ClinicalValidationException(problems);

        var name = RoleCheck.NameOf(user);
        switch (input.Kind)
        {
            case VitalStatusEventKind.Death:
                patient.VitalStatus = VitalStatus.Dead;
                patient.ExitDate = input.Date;
                patient.DeathCause = Clean(input.Cause);
                break;
            case VitalStatusEventKind.LastKnownAlive:
                patient.LastKnownAliveDate = input.Date;
                break;
            case VitalStatusEventKind.Withdrawal:
            case VitalStatusEventKind.LostToFollowUp:
                patient.VitalStatus = input.Kind == VitalStatusEventKind.Withdrawal ? VitalStatus.Withdrawn : VitalStatus.LostToFollowUp;
                patient.ExitDate = input.Date;
                patient.DeathCause = null;
                break;
        }
        guard.ThrowIfBroken("VitalDate");
        patient.VitalStatusEvents.Add(new VitalStatusEvent { Kind = input.Kind, Date = input.Date, Cause = Clean(input.Cause), RecordedBy = name, RecordedAtUtc = clock.UtcNow });
        if (changesSaved) db.ChangeReason = input.Reason!.Trim();
        db.Entry(patient).Property(p => p.Version).OriginalValue = seenPatientVersion;
        db.Entry(patient).Property(p => p.Version).IsModified = true;
        db.Actor = name;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw await PatientConflictAsync(db, patient, ct);
        }
        return new SaveOutcome(input.Kind switch
        {
            VitalStatusEventKind.Death => T["Msg.DeathSaved", patient.StudyId, Format(input.Date)],
            VitalStatusEventKind.LastKnownAlive => T["Msg.AliveSaved", patient.StudyId, Format(input.Date)],
            _ => T["Msg.ExitSaved", patient.StudyId, texts.Vital(patient.VitalStatus), Format(input.Date)],
        });
    }

    /// <summary>Loads the rest of the visit's patient record (tracked, into the same instances) and remembers what it breaks before the change.</summary>
    private async Task<RecordGuard> GuardAsync(RegistryDbContext db, Patient patient, CancellationToken ct)
    {
        await db.Patients.WithRecord().Where(p => p.Id == patient.Id).LoadAsync(ct);
        return PatientRecord.Guard(patient, clock);
    }

    /// <summary>Reopens a visit a nurse marked missed by mistake (with a reason): it is due or overdue again by its window.</summary>
    public async Task<SaveOutcome> ReopenMissedAsync(ClaimsPrincipal user, int visitId, uint seenVisitVersion, string? reason, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Nurse);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visit = await LoadVisitAsync(db, visitId, ct);
        if (visit.Version != seenVisitVersion) throw await ConflictAsync(db, visit, ct);
        var problems = new List<ValidationProblem>();
        if (visit.MissedReason is null) problems.Add(new("", T["Err.NotMissed"]));
        if (string.IsNullOrWhiteSpace(reason)) problems.Add(new("Reason", T["Err.ReopenNeedsReason"]));
        else if (reason.Length > ClinicalLimits.ReasonMaxLength) problems.Add(new("Reason", T["Err.ReasonTooLong", ClinicalLimits.ReasonMaxLength]));
        if (problems.Count > 0) throw new ClinicalValidationException(problems);

        var was = texts.Missed(visit.MissedReason!.Value);
        visit.MissedReason = null;
        visit.MissedNote = null;
        visit.MissedBy = null;
        visit.MissedAtUtc = null;
        db.ChangeReason = reason!.Trim();
        await SaveVisitAsync(db, visit, seenVisitVersion, RoleCheck.NameOf(user), ct);
        return new SaveOutcome(T["Msg.Reopened", visit.Patient!.StudyId, texts.Visit(visit.Code), was]);
    }

    /// <summary>Corrects a saved contact attempt's outcome and note (with a reason), by the same checks as a new one.</summary>
    public async Task<SaveOutcome> CorrectContactAsync(ClaimsPrincipal user, int contactId, uint seenVersion, ContactCorrection input, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Nurse);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contact = await db.ContactAttempts.SingleOrDefaultAsync(c => c.Id == contactId, ct)
            ?? throw new ClinicalValidationException([new("", T["Err.ContactGone"])]);
        var visit = await LoadVisitAsync(db, contact.VisitId, ct);
        var what = texts["Conflict.Contact", visit.Patient!.StudyId, texts.Visit(visit.Code)];
        if (contact.Version != seenVersion) throw await RecordConflicts.DescribeAsync(db, texts, what, [(nameof(ContactAttempt), contact.Id)], ct);

        var problems = new List<ValidationProblem>();
        if (input.Outcome is null) problems.Add(new("Outcome", T["Err.ChooseOutcome"]));
        if (input.Outcome == ContactOutcome.Other && string.IsNullOrWhiteSpace(input.Note)) problems.Add(new("ContactNote", T["Err.SayWhatHappened"]));
        if (input.Note is { Length: > ClinicalLimits.FreeTextMaxLength }) problems.Add(new("ContactNote", T["Err.NoteTooLong", ClinicalLimits.FreeTextMaxLength]));
        var note = Clean(input.Note);
        if (contact.Outcome == input.Outcome && contact.Note == note) problems.Add(new("Outcome", T["Err.ContactUnchanged"]));
        if (string.IsNullOrWhiteSpace(input.Reason)) problems.Add(new("Reason", T["Err.ContactNeedsReason"]));
        if (problems.Count > 0) throw new ClinicalValidationException(problems);

        contact.Outcome = input.Outcome!.Value;
        contact.Note = note;
        db.Entry(contact).Property(c => c.Version).OriginalValue = seenVersion;
        db.Actor = RoleCheck.NameOf(user);
        db.ChangeReason = input.Reason!.Trim();
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw await RecordConflicts.DescribeAsync(db, texts, what, [(nameof(ContactAttempt), contact.Id)], ct);
        }
        return new SaveOutcome(T["Msg.ContactCorrected", visit.Patient!.StudyId, texts.Visit(visit.Code), texts.Outcome(contact.Outcome)]);
    }

    /// <summary>
    /// Undoes a death, withdrawal or loss to follow-up recorded in error (with a reason): the patient is alive again,
    /// the event is voided (never deleted), and the visits it closed are due or overdue again by their windows.
    /// </summary>
    public async Task<SaveOutcome> UndoVitalStatusAsync(ClaimsPrincipal user, int patientId, uint seenPatientVersion, string? reason, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Nurse);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var patient = await db.Patients.WithRecord().Include(p => p.VitalStatusEvents)
            .SingleOrDefaultAsync(p => p.Id == patientId && p.Voided == null, ct)
            ?? throw new ClinicalValidationException([new("", T["Err.PatientGone"])]);
        if (patient.Version != seenPatientVersion) throw await PatientConflictAsync(db, patient, ct);
        var guard = PatientRecord.Guard(patient, clock);
        var problems = new List<ValidationProblem>();
        if (patient.VitalStatus == VitalStatus.Alive) problems.Add(new("", T["Err.NothingToUndo", patient.StudyId]));
        if (string.IsNullOrWhiteSpace(reason)) problems.Add(new("Reason", T["Err.UndoNeedsReason"]));
        else if (reason.Length > ClinicalLimits.ReasonMaxLength) problems.Add(new("Reason", T["Err.ReasonTooLong", ClinicalLimits.ReasonMaxLength]));
        if (problems.Count > 0) throw new ClinicalValidationException(problems);

        var was = $"{Format(patient.VitalStatus)} on {Format(patient.ExitDate)}";
        var (wasStatus, wasDate) = (patient.VitalStatus, patient.ExitDate);
        var kind = patient.VitalStatus switch
        {
            VitalStatus.Dead => VitalStatusEventKind.Death,
            VitalStatus.Withdrawn => VitalStatusEventKind.Withdrawal,
            _ => VitalStatusEventKind.LostToFollowUp,
        };
        var name = RoleCheck.NameOf(user);
        var why = reason!.Trim();
        foreach (var e in patient.VitalStatusEvents.Where(e => e.Kind == kind && e.Voided is null && e.Date == patient.ExitDate))
            e.Voided = new Voiding(clock.UtcNow, name, why);
        patient.VitalStatus = VitalStatus.Alive;
        patient.ExitDate = null;
        patient.DeathCause = null;
        // Scores and reached calls recorded while the death stood did not move last known alive; they prove life now.
        if (LatestProofOfLife(patient, clock.Zone) is { } alive && (patient.LastKnownAliveDate is null || patient.LastKnownAliveDate < alive))
            patient.LastKnownAliveDate = alive;
        problems.AddRange(ClinicalValidation.ValidatePatient(patient).Where(p => p.Field is nameof(Patient.ExitDate)));
        problems.AddRange(guard.Problems(_ => "Reason"));
        if (problems.Count > 0) throw new ClinicalValidationException(problems);
        db.ChangeReason = why;
        db.Entry(patient).Property(p => p.Version).OriginalValue = seenPatientVersion;
        db.Actor = name;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw await PatientConflictAsync(db, patient, ct);
        }
        return new SaveOutcome(T["Msg.VitalUndone", patient.StudyId, texts.Vital(wasStatus), Format(wasDate)]);
    }

    /// <summary>The latest day a current assessment or a reached call proves the patient alive, in the registry's time zone.</summary>
    private static DateOnly? LatestProofOfLife(Patient patient, TimeZoneInfo zone) =>
        patient.Visits.Select(v => v.CurrentAssessment?.AssessmentDate)
            .Concat(patient.Visits.SelectMany(v => v.ContactAttempts).Where(c => c.Outcome == ContactOutcome.Reached)
                .Select(c => (DateOnly?)RegistryTime.DayOf(c.AttemptedAtUtc, zone)))
            .Max();

    private async Task<FollowUpVisit> LoadVisitAsync(RegistryDbContext db, int visitId, CancellationToken ct) =>
        await db.Visits.Include(v => v.Patient).Include(v => v.Assessments)
            .SingleOrDefaultAsync(v => v.Id == visitId && v.Patient!.Voided == null, ct)
        ?? throw new ClinicalValidationException([new("", T["Err.VisitGone"])]);

    /// <summary>Saves with the visit's version as the one the nurse saw, so a save by someone else in between is refused.</summary>
    private async Task SaveVisitAsync(RegistryDbContext db, FollowUpVisit visit, uint seenVersion, string name, CancellationToken ct)
    {
        db.Entry(visit).Property(v => v.Version).OriginalValue = seenVersion;
        db.Entry(visit).Property(v => v.Version).IsModified = true;
        db.Actor = name;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw await ConflictAsync(db, visit, ct);
        }
    }

    private async Task<RecordChangedException> ConflictAsync(RegistryDbContext db, FollowUpVisit visit, CancellationToken ct)
    {
        var assessmentIds = await db.Assessments.Where(a => a.VisitId == visit.Id).Select(a => a.Id).ToListAsync(ct);
        var study = visit.Patient?.StudyId ?? await db.Patients.Where(p => p.Id == visit.PatientId).Select(p => p.StudyId).SingleAsync(ct);
        return await RecordConflicts.DescribeAsync(db, texts, texts["Conflict.Visit", study, texts.Visit(visit.Code)],
            [(nameof(FollowUpVisit), visit.Id), .. assessmentIds.Select(id => (nameof(Assessment), id))], ct);
    }

    private Task<RecordChangedException> PatientConflictAsync(RegistryDbContext db, Patient patient, CancellationToken ct) =>
        RecordConflicts.DescribeAsync(db, texts, texts["Conflict.PatientRecord", patient.StudyId], [(nameof(Patient), patient.Id)], ct);

    private static DateOnly? ProcedureDate(Patient p) => p.Procedures.Where(x => x.Voided is null).Select(x => (DateOnly?)x.Date).Min();

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Format(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-";

    private static string Format(VitalStatus s) => s == VitalStatus.LostToFollowUp ? "Lost to follow-up" : s.ToString();

    private static string Kps(int? kps) => kps?.ToString(CultureInfo.InvariantCulture) ?? PvpRegistry.Reports.Formats.Missing;
}
