using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;

namespace PvpRegistry.Data.FollowUp;

/// <summary>One visit on the nurse's worklist.</summary>
public record WorklistItem(
    int VisitId, int PatientId, string StudyId, VisitCode Visit, VisitStatus Status,
    DateOnly WindowStart, DateOnly WindowEnd, DateOnly Target, int DaysLeft, string? Phone, DateOnly? LastContact);

/// <summary>The visits due and overdue on a date, by the visit status rules, computed in the database.</summary>
public class Worklist(IDbContextFactory<RegistryDbContext> dbFactory)
{
    public async Task<List<WorklistItem>> DueAndOverdueAsync(DateOnly today, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Visits.AsNoTracking()
            .Where(v => v.WindowStart <= today
                        && v.MissedReason == null
                        && !v.Assessments.Any(a => a.Voided == null)
                        && v.Patient!.Voided == null
                        && v.Patient.EnrolmentStatus == EnrolmentStatus.Enrolled
                        && (v.Patient.VitalStatus == VitalStatus.Alive || v.Patient.ExitDate == null || v.Patient.ExitDate > today))
            .Select(v => new
            {
                v.Id, v.PatientId, v.Patient!.StudyId, v.Code, v.WindowStart, v.WindowEnd, v.TargetDate, v.Patient.Phone,
                v.Patient.LastKnownAliveDate,
            })
            .ToListAsync(ct);
        return rows
            .Select(r =>
            {
                var window = new VisitWindow(r.TargetDate, r.WindowStart, r.WindowEnd);
                var status = VisitStatusRules.StatusOn(window, false, null, null, today).Status;
                return new WorklistItem(r.Id, r.PatientId, r.StudyId, r.Code, status, r.WindowStart, r.WindowEnd, r.TargetDate,
                    VisitStatusRules.DaysLeft(window, today), r.Phone, r.LastKnownAliveDate);
            })
            .OrderBy(i => i.Status == VisitStatus.Overdue ? 0 : 1)
            .ThenBy(i => i.WindowEnd).ThenBy(i => i.StudyId, StringComparer.Ordinal)
            .ToList();
    }
}
