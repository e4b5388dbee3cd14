using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Reminders;
using PvpRegistry.Web.Components.Shared;
using PvpRegistry.Web.Features.Account;

namespace PvpRegistry.Web.Features.Patients;

public enum TimelineKind { Procedure, Assessment, Missed, Contact, Reminder, VitalStatus, Edit, Query }

/// <summary>One event of a patient's course; the time is a date, or a UTC instant when one is known.</summary>
public record TimelineEvent(DateOnly Date, DateTime? AtUtc, TimelineKind Kind, string Title, string? Detail, string? By);

/// <summary>Mean VAS and KPS per visit over the enrolled patients of one group (n per visit).</summary>
public record GroupMean(VisitCode Code, double? Vas, double? Kps, int N);

public record PatientTimeline(Patient Patient, Procedure? Procedure, DateOnly Today, IReadOnlyList<TimelineEvent> Events, IReadOnlyList<GroupMean> GroupMeans, bool ShowIdentity,
    IReadOnlyList<Queries.QueryView> Queries);

/// <summary>Reads a patient's whole course for the timeline page (every role may read it; names and MRN only for clinical roles).</summary>
public class PatientTimelineService(IDbContextFactory<RegistryDbContext> dbFactory, RegistryClock clock, IStringLocalizer<PatientText> T, RegistryText texts,
    Queries.QueryService queryService)
{
    public async Task<PatientTimeline?> LoadAsync(ClaimsPrincipal user, int id, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.All.ToArray());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var p = await db.Patients.AsNoTracking().AsSplitQuery()
            .Include(x => x.Procedures).Include(x => x.VitalStatusEvents)
            .Include(x => x.Visits).ThenInclude(v => v.Assessments)
            .Include(x => x.Visits).ThenInclude(v => v.ContactAttempts)
            .SingleOrDefaultAsync(x => x.Id == id && x.Voided == null, ct);
        if (p is null) return null;
        var procedure = p.Procedures.Where(x => x.Voided is null).OrderBy(x => x.Date).FirstOrDefault();
        var visitIds = p.Visits.Select(v => v.Id).ToList();
        var reminders = await db.Reminders.AsNoTracking().Where(r => visitIds.Contains(r.VisitId)).ToListAsync(ct);
        var openReminders = (await db.Reminders.Where(r => visitIds.Contains(r.VisitId)).Where(ReminderInbox.IsOpenOn(clock.Today))
            .Select(r => r.Id).ToListAsync(ct)).ToHashSet();

        string Key(int k) => k.ToString(CultureInfo.InvariantCulture);
        var patientKey = Key(p.Id);
        var procKeys = p.Procedures.Select(x => Key(x.Id)).ToList();
        var visitKeys = visitIds.Select(Key).ToList();
        var assessmentKeys = p.Visits.SelectMany(v => v.Assessments).Select(a => Key(a.Id)).ToList();
        var contactKeys = p.Visits.SelectMany(v => v.ContactAttempts).Select(c => Key(c.Id)).ToList();
        var edits = await db.AuditTrail.AsNoTracking()
            .Where(a => a.Action != "created" && (
                (a.Entity == nameof(Patient) && a.RecordKey == patientKey)
                || (a.Entity == nameof(Procedure) && procKeys.Contains(a.RecordKey!))
                || (a.Entity == nameof(FollowUpVisit) && visitKeys.Contains(a.RecordKey!))
                || (a.Entity == nameof(Assessment) && assessmentKeys.Contains(a.RecordKey!))
                || (a.Entity == nameof(ContactAttempt) && contactKeys.Contains(a.RecordKey!))))
            .OrderBy(a => a.Id).Take(500).ToListAsync(ct);
        var queries = await queryService.ForReaderAsync(db, await db.DataQueries.AsNoTracking().Where(q => q.PatientId == p.Id).OrderBy(q => q.Id).ToListAsync(ct), ct);

        var events = new List<TimelineEvent>();
        string Label(VisitCode c) => texts.Visit(c);
        if (procedure is not null)
            events.Add(new(procedure.Date, null, TimelineKind.Procedure, T["Kind.Procedure"],
                TreatedLevels(procedure) + (procedure.SeedCount > 0 ? T["Event.Seeds", procedure.SeedCount].Value : ""), procedure.Surgeon));
        foreach (var v in p.Visits)
        {
            foreach (var a in v.Assessments.Where(a => a.Voided is null))
                events.Add(new(a.AssessmentDate, a.EnteredAtUtc, TimelineKind.Assessment,
                    T["Event.Scores", Label(v.Code), a.Vas?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-", a.Kps?.ToString(CultureInfo.InvariantCulture) ?? "-"],
                    texts.Source(a.Source) + (VisitStatusRules.IsOutOfWindow(v.Window, a.AssessmentDate) ? T["Event.OutOfWindow"].Value : ""), a.EnteredBy));
            if (v.MissedReason is { } reason && v.MissedAtUtc is { } at)
                events.Add(new(clock.DayOf(at), at, TimelineKind.Missed, T["Event.Missed", Label(v.Code), texts.Missed(reason)], v.MissedNote, v.MissedBy));
            foreach (var c in v.ContactAttempts)
                events.Add(new(clock.DayOf(c.AttemptedAtUtc), c.AttemptedAtUtc, TimelineKind.Contact, T["Event.Contact", Label(v.Code), texts.Outcome(c.Outcome)], c.Note, c.RecordedBy));
        }
        foreach (var r in reminders)
        {
            var v = p.Visits.Single(x => x.Id == r.VisitId);
            // Dated the day it was raised (its ForDate is the day of the e-mail digest that carries it, which for a
            // reminder raised after the day's run is the next day).
            events.Add(new(clock.DayOf(r.CreatedAtUtc), r.CreatedAtUtc, TimelineKind.Reminder, T["Event.Reminder", Label(v.Code), T[$"Event.Reminder.{r.Kind}"]],
                T[openReminders.Contains(r.Id) ? "Event.ReminderOpen" : "Event.ReminderResolved"], null));
        }
        foreach (var e in p.VitalStatusEvents.Where(e => e.Voided is null))
            events.Add(new(e.Date, e.RecordedAtUtc, TimelineKind.VitalStatus, T[$"Event.Vital.{e.Kind}"], e.Cause, e.RecordedBy));
        if (p.VitalStatus == VitalStatus.Dead && p.ExitDate is { } death && p.VitalStatusEvents.All(e => e.Kind != VitalStatusEventKind.Death))
            events.Add(new(death, null, TimelineKind.VitalStatus, T[$"Event.Vital.{VitalStatusEventKind.Death}"], p.DeathCause, null));
        bool showIdentity = RoleCheck.MaySeeIdentifiers(user);
        var lines = new ChangeLines(T, texts);
        var subjects = lines.Subjects(p);
        foreach (var save in edits.GroupBy(a => (a.AtUtc, a.User, a.Entity, a.RecordKey)))
        {
            var line = lines.Describe(subjects, save.ToList(), showIdentity);
            if (line is not null) events.Add(new(clock.DayOf(save.Key.AtUtc), save.Key.AtUtc, TimelineKind.Edit, line, null, save.Key.User));
        }
        foreach (var (q, label, answer) in queries)
        {
            events.Add(new(clock.DayOf(q.OpenedAtUtc), q.OpenedAtUtc, TimelineKind.Query, T["Event.QueryRaised", label, q.Question], null, q.OpenedBy));
            if (q.AnsweredAtUtc is { } answered)
                events.Add(new(clock.DayOf(answered), answered, TimelineKind.Query, T["Event.QueryAnswered", label, answer ?? ""], null, q.AnsweredBy));
            if (q.ClosedAtUtc is { } closed)
                events.Add(new(clock.DayOf(closed), closed, TimelineKind.Query, T["Event.QueryClosed", label], null, q.ClosedBy));
        }

        var means = await GroupMeansAsync(db, p.Group, ct);
        return new PatientTimeline(p, procedure, clock.Today,
            events.OrderBy(e => e.Date).ThenBy(e => e.AtUtc ?? DateTime.MinValue).ThenBy(e => e.Kind).ToList(), means,
            showIdentity, queries);
    }

    /// <summary>The treated levels with the cement at each and the total, as <see cref="PvpRegistry.Reports.Formats.TreatedLevels"/> in the user's language.</summary>
    private string TreatedLevels(Procedure procedure)
    {
        var total = PvpRegistry.Reports.Formats.Cement(procedure.CementTotalMl);
        if (procedure.TreatedLevels.Count == 0) return T["Event.NoLevels", total];
        var each = procedure.TreatedLevels.OrderBy(l => l.Level)
            .Select(l => l.CementMl is { } ml ? $"{l.Level} {PvpRegistry.Reports.Formats.Cement(ml)}" : T["Event.LevelNoCement", l.Level.ToString()].Value);
        return T["Event.Levels", string.Join(texts["ListSeparator"], each), total];
    }

    private static async Task<List<GroupMean>> GroupMeansAsync(RegistryDbContext db, TreatmentGroup group, CancellationToken ct)
    {
        var rows = await db.Assessments.AsNoTracking()
            .Where(a => a.Voided == null && a.Visit!.Patient!.Group == group && a.Visit.Patient.Voided == null && a.Visit.Patient.EnrolmentStatus == EnrolmentStatus.Enrolled)
            .GroupBy(a => a.Visit!.Code)
            .Select(g => new { Code = g.Key, Vas = g.Average(a => (double?)a.Vas), Kps = g.Average(a => (double?)a.Kps), N = g.Count() })
            .ToListAsync(ct);
        return rows.Select(r => new GroupMean(r.Code, r.Vas, r.Kps, r.N)).OrderBy(r => r.Code).ToList();
    }
}
