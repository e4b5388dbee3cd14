using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;

namespace PvpRegistry.Data.FollowUp;

/// <summary>
/// One visit on the nurse's worklist, with the patient's last known alive date and the visit's last contact attempt; the
/// patient's name and MRN are for screens of roles allowed to see identifiers, never for exports or digests.
/// </summary>
public record WorklistItem(
    int VisitId, int PatientId, string StudyId, VisitCode Visit, VisitStatus Status,
    DateOnly WindowStart, DateOnly WindowEnd, DateOnly Target, int DaysLeft, string? Phone, DateOnly? LastKnownAlive,
    DateTime? LastAttemptUtc = null, ContactOutcome? LastAttemptOutcome = null, string? Name = null, string? Mrn = null);

/// <summary>
/// The visits due and overdue on a date, by the visit status rules, computed in the database in one query
/// (the last contact attempt comes from correlated subqueries, not a second query with thousands of parameters).
/// </summary>
public class Worklist(IDbContextFactory<RegistryDbContext> dbFactory)
{
    public Task<List<WorklistItem>> DueAndOverdueAsync(DateOnly today, CancellationToken ct = default) => DueAndOverdueAsync(today, null, ct);

    /// <summary>
    /// The worklist of <paramref name="today"/> restricted to the visits of these patients (all when null), by the same
    /// rules. Beyond <see cref="Study.CohortLoader.MostIdsInQuery"/> IDs (a large import) the whole worklist is read and
    /// the patients picked in memory, instead of a query with an IN list as long as the import.
    /// </summary>
    public async Task<List<WorklistItem>> DueAndOverdueAsync(DateOnly today, IReadOnlyCollection<int>? patientIds, CancellationToken ct = default)
    {
        if (patientIds is { Count: > Study.CohortLoader.MostIdsInQuery })
        {
            var wanted = patientIds.ToHashSet();
            return (await DueAndOverdueAsync(today, null, ct)).Where(i => wanted.Contains(i.PatientId)).ToList();
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visits = patientIds is null ? db.Visits : db.Visits.Where(v => patientIds.Contains(v.PatientId));
        var rows = await visits.AsNoTracking()
            .Where(v => v.WindowStart <= today
                        && v.MissedReason == null
                        && !v.Assessments.Any(a => a.Voided == null)
                        && v.Patient!.Voided == null
                        && v.Patient.EnrolmentStatus == EnrolmentStatus.Enrolled
                        && (v.Patient.VitalStatus == VitalStatus.Alive || v.Patient.ExitDate == null || v.Patient.ExitDate > today))
            .Select(v => new
            {
                v.Id, v.PatientId, v.Patient!.StudyId, v.Code, v.WindowStart, v.WindowEnd, v.TargetDate, v.Patient.Phone,
                v.Patient.LastKnownAliveDate, v.Patient.Name, v.Patient.Mrn,
                // Scalar subqueries, each a seek on the ContactAttempts.VisitId index (a projected FirstOrDefault
                // becomes a window over the whole table instead).
                LastAttemptUtc = v.ContactAttempts.Max(c => (DateTime?)c.AttemptedAtUtc),
                LastAttemptOutcome = v.ContactAttempts.OrderByDescending(c => c.AttemptedAtUtc).ThenByDescending(c => c.Id)
                    .Select(c => (ContactOutcome?)c.Outcome).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows
            .Select(r =>
            {
                var window = new VisitWindow(r.TargetDate, r.WindowStart, r.WindowEnd);
                var status = VisitStatusRules.StatusOn(window, false, null, null, today).Status;
                return new WorklistItem(r.Id, r.PatientId, r.StudyId, r.Code, status, r.WindowStart, r.WindowEnd, r.TargetDate,
                    VisitStatusRules.DaysLeft(window, today), r.Phone, r.LastKnownAliveDate,
                    r.LastAttemptUtc, r.LastAttemptOutcome, r.Name, r.Mrn);
            })
            .OrderBy(i => i.Status == VisitStatus.Overdue ? 0 : 1)
            .ThenBy(i => i.WindowEnd).ThenBy(i => i.StudyId, StringComparer.Ordinal)
            .ToList();
    }
}
