using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;

namespace PvpRegistry.Data.Reminders;

/// <summary>One visit with open reminders, shown with its most urgent kind.</summary>
public record OpenReminder(int VisitId, int PatientId, string StudyId, VisitCode Visit, ReminderKind Kind, DateOnly WindowStart, DateOnly WindowEnd, string? ResponsibleNurseId);

/// <summary>
/// The open reminders for the app (badge, notifications panel, worklist). A reminder is open while it is not
/// marked resolved and its visit is still to be done: a reminder of a visit completed, marked missed or closed by
/// vital status counts as resolved as soon as that is saved, before any run records it.
/// </summary>
public class ReminderInbox(IDbContextFactory<RegistryDbContext> dbFactory, RegistryClock clock)
{
    /// <summary>
    /// Whether a reminder is open on <paramref name="today"/>: the one rule for the bell, the worklist and the patient's
    /// timeline, so that no screen calls open what another calls resolved.
    /// </summary>
    public static Expression<Func<Reminder, bool>> IsOpenOn(DateOnly today) =>
        r => r.ResolvedAtUtc == null
             && r.Visit!.MissedReason == null
             && !r.Visit.Assessments.Any(a => a.Voided == null)
             && r.Visit.Patient!.Voided == null
             && r.Visit.Patient.EnrolmentStatus == EnrolmentStatus.Enrolled
             && (r.Visit.Patient.VitalStatus == VitalStatus.Alive || r.Visit.Patient.ExitDate == null || r.Visit.Patient.ExitDate > today);

    public async Task<List<OpenReminder>> OpenAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Reminders.AsNoTracking()
            .Where(IsOpenOn(clock.Today))
            .Select(r => new OpenReminder(r.VisitId, r.Visit!.PatientId, r.Visit.Patient!.StudyId, r.Visit.Code, r.Kind,
                r.Visit.WindowStart, r.Visit.WindowEnd, r.Visit.Patient.ResponsibleNurseId))
            .ToListAsync(ct);
        return rows.GroupBy(r => r.VisitId)
            .Select(g => g.OrderByDescending(r => r.Kind).First())
            .OrderByDescending(r => r.Kind).ThenBy(r => r.WindowEnd).ThenBy(r => r.StudyId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The number of visits with open reminders (the badge).</summary>
    public async Task<int> CountAsync(CancellationToken ct = default) => (await OpenAsync(ct)).Count;

    /// <summary>For a worklist row: the most urgent open reminder kind per visit.</summary>
    public async Task<Dictionary<int, ReminderKind>> KindByVisitAsync(CancellationToken ct = default) =>
        (await OpenAsync(ct)).ToDictionary(r => r.VisitId, r => r.Kind);
}
