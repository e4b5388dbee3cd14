using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data.Study;

namespace PvpRegistry.Data.StudyCsv;

public record ImportResult(int Imported, int Unchanged, IReadOnlyList<CsvProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Imports a study CSV all or nothing: any problem (bad value, duplicate, a row that breaks a
/// record-level rule, a row that conflicts with the stored patient) imports nothing and every problem is reported. Re-importing the same
/// file changes nothing.
/// </summary>
public class StudyCsvImporter(IDbContextFactory<RegistryDbContext> dbFactory, CohortLoader loader, FollowUpSchedule schedule, RegistryClock clock, QueryPlannerStatistics plannerStatistics,
    Microsoft.Extensions.Options.IOptions<FollowUpOptions> followUp)
{
    public async Task<ImportResult> ImportAsync(TextReader csv, string actor, CancellationToken ct = default)
    {
        var (rows, problems) = StudyCsvFormat.Read(csv, schedule, clock.Today);
        if (problems.Count > 0) return new(0, 0, problems);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor;
        db.Clock = clock.Time;
        var ids = rows.Select(r => r.Record.StudyId).ToList();
        var stored = await loader.LoadPatientsAsync(ids, ct);
        var mrns = rows.Select(r => r.Record.Mrn).OfType<string>().ToList();
        var takenMrns = await db.Patients.Where(p => p.Mrn != null && mrns.Contains(p.Mrn)).Select(p => new { p.Mrn, p.StudyId }).ToListAsync(ct);

        var toAdd = new List<Patient>();
        int unchanged = 0;
        var now = clock.UtcNow;
        foreach (var (row, record, columns) in rows)
        {
            if (stored.TryGetValue(record.StudyId, out var existing))
            {
                var current = existing.Record;
                var differences = current is null ? ["procedure_date"] : StudyRecordMapping.DifferingColumns(current, record, columns);
                if (differences.Count == 0) { unchanged++; continue; }
                foreach (var column in differences)
                    problems.Add(new(row, column, $"conflicts with the stored patient {record.StudyId}; the registry keeps its value (edit the patient in the registry to change it)."));
                continue;
            }
            if (record.Mrn is { } mrn && takenMrns.FirstOrDefault(t => t.Mrn == mrn) is { } taken)
                problems.Add(new(row, "mrn", $"MRN already belongs to {taken.StudyId}."));
            var patient = StudyRecordMapping.NewPatient(record, schedule, actor, now);
            // A history's unrecorded visits whose window has long passed are closed as missed, as the registry closes its own.
            PassedWindows.ClosePassedVisits(patient, clock.Today, followUp.Value.CloseAsMissedAfterDays, now);
            toAdd.Add(patient);
        }
        if (problems.Count > 0) return new(0, 0, problems);

        if (toAdd.Count > 0)
        {
            // One save: the rows and their audit entries commit together, or not at all.
            db.Patients.AddRange(toAdd);
            await db.SaveChangesAsync(ct);
            await plannerStatistics.RefreshAsync(ct);
        }
        return new(toAdd.Count, unchanged, problems);
    }
}
