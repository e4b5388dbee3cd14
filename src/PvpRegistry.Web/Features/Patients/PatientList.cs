using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data;

namespace PvpRegistry.Web.Features.Patients;

/// <summary>One patient of the grid; <see cref="Name"/> and <see cref="Mrn"/> only when the query asked for identifiers.</summary>
public record PatientRow(int Id, string StudyId, TreatmentGroup Group, Sex Sex, int Age, PrimaryTumor PrimaryTumor,
    MetastaticSite Site, DateOnly? ProcedureDate, VitalStatus VitalStatus, EnrolmentStatus EnrolmentStatus, string? Name = null, string? Mrn = null);

/// <summary>
/// The grid's filters, sort and page. No <see cref="SortBy"/> lists the newest patients first (the latest registered);
/// <see cref="Identifiers"/> adds names and MRNs, for roles allowed to see them.
/// </summary>
public record PatientQuery(string? Search, TreatmentGroup? Group, VitalStatus? VitalStatus, string? SortBy, bool Descending, int Page, int PageSize,
    VisitStatus? VisitStatus = null, bool Identifiers = false);

/// <summary>The patient grid's query: filtering, sorting and paging done in the database.</summary>
public class PatientList(IDbContextFactory<RegistryDbContext> dbFactory, RegistryClock clock)
{
    public async Task<(List<PatientRow> Rows, int Total)> QueryAsync(PatientQuery q, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var patients = db.Patients.AsNoTracking().Where(p => p.Voided == null);
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var s = q.Search.Trim();
            patients = patients.Where(p => p.StudyId.Contains(s) || (p.Mrn != null && p.Mrn == s) || (p.Name != null && p.Name.Contains(s)));
        }
        if (q.Group is { } g) patients = patients.Where(p => p.Group == g);
        if (q.VitalStatus is { } vs) patients = patients.Where(p => p.VitalStatus == vs);
        if (q.VisitStatus is { } status)
        {
            // Patients with at least one visit in that status today (the visit status rules, in the database).
            var today = clock.Today;
            patients = status switch
            {
                Core.VisitStatus.Due => patients.Where(p => (p.VitalStatus == Core.VitalStatus.Alive || p.ExitDate == null || p.ExitDate > today)
                    && p.Visits.Any(v => v.WindowStart <= today && v.WindowEnd >= today && v.MissedReason == null && !v.Assessments.Any(a => a.Voided == null))),
                Core.VisitStatus.Overdue => patients.Where(p => (p.VitalStatus == Core.VitalStatus.Alive || p.ExitDate == null || p.ExitDate > today)
                    && p.Visits.Any(v => v.WindowEnd < today && v.MissedReason == null && !v.Assessments.Any(a => a.Voided == null))),
                Core.VisitStatus.Missed => patients.Where(p => p.Visits.Any(v => v.MissedReason != null && !v.Assessments.Any(a => a.Voided == null))),
                Core.VisitStatus.Completed => patients.Where(p => p.Visits.Any(v => v.Assessments.Any(a => a.Voided == null))),
                _ => patients,
            };
        }

        int total = await patients.CountAsync(ct);
        // Sort on the entity (translatable), then project.
        patients = (q.SortBy, q.Descending) switch
        {
            (nameof(PatientRow.Age), false) => patients.OrderBy(p => p.AgeAtProcedure).ThenBy(p => p.StudyId),
            (nameof(PatientRow.Age), true) => patients.OrderByDescending(p => p.AgeAtProcedure).ThenBy(p => p.StudyId),
            (nameof(PatientRow.ProcedureDate), false) => patients.OrderBy(p => p.Procedures.Where(x => x.Voided == null).Min(x => (DateOnly?)x.Date)).ThenBy(p => p.StudyId),
            (nameof(PatientRow.ProcedureDate), true) => patients.OrderByDescending(p => p.Procedures.Where(x => x.Voided == null).Min(x => (DateOnly?)x.Date)).ThenBy(p => p.StudyId),
            (nameof(PatientRow.StudyId), false) => patients.OrderBy(p => p.StudyId),
            (nameof(PatientRow.StudyId), true) => patients.OrderByDescending(p => p.StudyId),
            _ => patients.OrderByDescending(p => p.Id),
        };
        var page = await patients.Skip(q.Page * q.PageSize).Take(q.PageSize)
            .Select(p => new PatientRow(p.Id, p.StudyId, p.Group, p.Sex, p.AgeAtProcedure, p.PrimaryTumor, p.MetastaticSite,
                p.Procedures.Where(x => x.Voided == null).Min(x => (DateOnly?)x.Date), p.VitalStatus, p.EnrolmentStatus,
                q.Identifiers ? p.Name : null, q.Identifiers ? p.Mrn : null))
            .ToListAsync(ct);
        return (page, total);
    }
}
