using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;

namespace PvpRegistry.Data.Quality;

/// <summary>One entry of the quality list: a broken record-level rule or a protocol deviation in one patient's record.</summary>
public sealed record QualityIssue(int PatientId, string StudyId, string Rule, RuleOutcome Outcome, string Message, string Record, RuleViolation? Violation = null);

/// <summary>An open query (discrepancy note) as the quality page lists it (read, not tracked), with the study ID of the patient it links to.</summary>
public sealed record OpenQuery(DataQuery Query, string StudyId);

/// <summary>
/// The data-quality list: every record-level rule the stored registry breaks (including data entered or imported
/// before the rules existed) and every protocol deviation, computed from the stored data. Behind the quality page
/// and <c>pvp quality</c>.
/// </summary>
public class DataQuality(IDbContextFactory<RegistryDbContext> dbFactory, RegistryClock clock)
{
    /// <summary>The issues of the non-voided patients (only those a nurse is responsible for when <paramref name="responsibleNurseId"/> is given), by study ID.</summary>
    public async Task<List<QualityIssue>> ListAsync(string? responsibleNurseId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var issues = new List<QualityIssue>();
        foreach (var p in await Listed(db, responsibleNurseId).WithRecord().OrderBy(p => p.StudyId).ToListAsync(ct))
        {
            foreach (var v in PatientRecord.Check(p, clock))
                issues.Add(new QualityIssue(p.Id, p.StudyId, v.Rule.Code, v.Rule.Outcome, v.Message, v.Fact.ToString(), v));
        }
        return issues;
    }

    /// <summary>The open queries on the same patients as <see cref="ListAsync"/>, by study ID, the oldest first.</summary>
    public async Task<List<OpenQuery>> OpenQueriesAsync(string? responsibleNurseId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var listed = Listed(db, responsibleNurseId);
        return await db.DataQueries.AsNoTracking()
            .Where(q => q.Status == QueryStatus.Open && listed.Any(p => p.Id == q.PatientId))
            .OrderBy(q => q.Patient!.StudyId).ThenBy(q => q.OpenedAtUtc)
            .Select(q => new OpenQuery(q, q.Patient!.StudyId))
            .ToListAsync(ct);
    }

    /// <summary>The patients the quality page lists: not voided, and only a nurse's own when <paramref name="responsibleNurseId"/> is given.</summary>
    private static IQueryable<Patient> Listed(RegistryDbContext db, string? responsibleNurseId)
    {
        var patients = db.Patients.AsNoTracking().Where(p => p.Voided == null);
        return responsibleNurseId is null ? patients : patients.Where(p => p.ResponsibleNurseId == responsibleNurseId);
    }

    /// <summary>What one patient's stored record breaks, refusals and protocol deviations (none when the patient is not in the registry).</summary>
    public async Task<List<RuleViolation>> OfPatientAsync(int patientId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var patient = await db.Patients.AsNoTracking().Where(p => p.Id == patientId && p.Voided == null).WithRecord().SingleOrDefaultAsync(ct);
        return patient is null ? [] : PatientRecord.Check(patient, clock);
    }

    /// <summary>How many issues each rule has, in the order of <see cref="RecordRules.All"/> (rules without issues left out).</summary>
    public static List<(RecordRule Rule, int Count)> CountByRule(IEnumerable<QualityIssue> issues)
    {
        var counts = issues.GroupBy(i => i.Rule).ToDictionary(g => g.Key, g => g.Count());
        return RecordRules.All.Where(r => counts.ContainsKey(r.Code)).Select(r => (r, counts[r.Code])).ToList();
    }
}
