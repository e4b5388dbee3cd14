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
/// file changes nothing. The file is checked whole first (its rows are small records); the new patients are then
/// mapped in batches of <see cref="BatchSize"/> and written in one transaction (with a <see cref="BulkInsert"/> where the
/// provider takes one), so memory does not grow with the file and a failure anywhere leaves the registry as it was.
/// </summary>
public class StudyCsvImporter(IDbContextFactory<RegistryDbContext> dbFactory, CohortLoader loader, FollowUpSchedule schedule, RegistryClock clock, QueryPlannerStatistics plannerStatistics,
    Reminders.ReminderRun reminders, Demo.DemoCohort demo, Microsoft.Extensions.Options.IOptions<FollowUpOptions> followUp)
{
    /// <summary>Patients mapped, and on SQL Server saved, per batch (each with its procedure, visits, assessments and their audit entries).</summary>
    public const int BatchSize = 500;

    /// <summary>Imports a study CSV file (UTF-8, see <see cref="StudyCsvFormat.Read(Stream, FollowUpSchedule, DateOnly?)"/>); the stream must be seekable.</summary>
    public async Task<ImportResult> ImportAsync(Stream csv, string actor, CancellationToken ct = default)
    {
        var (rows, problems) = StudyCsvFormat.Read(csv, schedule, clock.Today);
        if (problems.Count > 0) return new(0, 0, problems);

        var stored = await loader.LoadPatientsAsync(rows.Select(r => r.Record.StudyId).ToList(), ct);
        var takenMrns = await TakenMrnsAsync(rows.Select(r => r.Record.Mrn).OfType<string>().ToHashSet(StringComparer.Ordinal), ct);

        var toAdd = new List<StudyRecord>();
        int unchanged = 0;
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
            if (record.Mrn is { } mrn && takenMrns.TryGetValue(mrn, out var owner))
                problems.Add(new(row, "mrn", $"MRN already belongs to {owner}."));
            toAdd.Add(record);
        }
        if (problems.Count > 0) return new(0, 0, problems);

        if (toAdd.Count > 0)
        {
            var added = await AddPatientsAsync(toAdd, actor, ct);
            await plannerStatistics.RefreshAsync(ct);
            // Imported patients are real data: the demo accounts stop working, and their due visits get reminders now.
            await demo.RetireDemoAccountsAsync(actor, AuditReasons.DemoAccountAfterImport(toAdd.Count), ct);
            await reminders.RaiseNowAsync(added, ct);
        }
        return new(toAdd.Count, unchanged, problems);
    }

    /// <summary>The stored patients' MRNs among these, with the study ID each belongs to.</summary>
    private async Task<Dictionary<string, string>> TakenMrnsAsync(HashSet<string> mrns, CancellationToken ct)
    {
        if (mrns.Count == 0) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Every stored MRN (an indexed column) rather than an IN list as long as the file.
        var all = await db.Patients.AsNoTracking().Where(p => p.Mrn != null).Select(p => new { Mrn = p.Mrn!, p.StudyId }).ToListAsync(ct);
        return all.Where(t => mrns.Contains(t.Mrn)).ToDictionary(t => t.Mrn, t => t.StudyId, StringComparer.Ordinal);
    }

    /// <summary>
    /// The new patients with their procedures, visits and assessments, and the audit entries of each, in one
    /// transaction. Nothing is committed unless every patient is written. Returns the new patients' ids.
    /// Where the provider takes a <see cref="BulkInsert"/> (SQLite, PostgreSQL), the records are written without the
    /// change tracker, each with the audit line a tracked save writes; elsewhere (SQL Server) they are saved tracked,
    /// batch by batch, the change tracker emptied in between. Either way memory does not grow with the file.
    /// </summary>
    private async Task<List<int>> AddPatientsAsync(List<StudyRecord> records, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor;
        db.Clock = clock.Time;
        // Insert-only batches (the tracked save): every record is tracked as added when the batch is added, so no save needs
        // to scan the tracked records for changes (the audit interceptor then skips its scan too, and audits exactly what is written).
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = clock.UtcNow;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await using var bulk = BulkInsert.IsAvailable(db) ? new BulkInsert(db) : null;
        var ids = new List<int>(records.Count);
        foreach (var batch in records.Chunk(BatchSize))
        {
            var patients = batch.Select(r => StudyRecordMapping.NewPatient(r, schedule, actor, now)).ToList();
            // A history's unrecorded visits whose window has long passed are closed as missed, as the registry closes its own.
            foreach (var patient in patients) PassedWindows.ClosePassedVisits(patient, clock.Today, followUp.Value.CloseAsMissedAfterDays, now);
            if (bulk is not null)
                foreach (var patient in patients) await bulk.AddAsync(patient, ct);
            else
            {
                db.Patients.AddRange(patients);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
            ids.AddRange(patients.Select(p => p.Id));
        }
        if (bulk is not null) await bulk.CompleteAsync(ct);
        await transaction.CommitAsync(ct);
        return ids;
    }
}
