using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PvpRegistry.Core;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.StudyCsv;

/// <summary>
/// The bulk insert the study import writes with (its audit lines and stored rows are pinned by
/// <see cref="ImportAuditTrailTests"/>): all or nothing, nothing it cannot write silently dropped, and the connection
/// handed back as it was.
/// </summary>
public class ImportBulkInsertTests
{
    private static readonly DateOnly ProcedureDate = new(2024, 3, 1);

    [Fact]
    public async Task A_failing_record_leaves_none_of_the_bulk_insert_and_none_of_its_audit_lines()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await using (var db = registry.NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using var bulk = new BulkInsert(db);
            await bulk.AddAsync(PatientFactory.Operated("PVP-0001", ProcedureDate, VisitCode.Month1));
            // The same study ID again breaks the unique index half-way through the write: at once on SQLite, when the
            // batch is sent on PostgreSQL (at the latest when the bulk insert completes).
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await bulk.AddAsync(PatientFactory.Operated("PVP-0001", ProcedureDate));
                await bulk.CompleteAsync();
            });
        }

        Assert.Equal(new RowCounts(0, 0, 0, 0, 0, 0), await registry.CountRowsAsync());
    }

    [Fact]
    public async Task Keys_it_gives_are_never_given_again_by_an_ordinary_save_and_rows_beyond_one_round_trip_all_arrive()
    {
        await using var registry = await TestRegistry.CreateAsync();
        // More patients than one round trip carries (each writes a patient, a procedure, visits and their audit lines),
        // so that on PostgreSQL keys are reserved again and several batches are sent.
        var imported = Enumerable.Range(1, 150).Select(i => PatientFactory.Operated($"PVP-{i:0000}", ProcedureDate, VisitCode.Preop, VisitCode.Day1)).ToList();
        await using (var db = registry.NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using (var bulk = new BulkInsert(db))
            {
                foreach (var patient in imported) await bulk.AddAsync(patient);
                await bulk.CompleteAsync();
            }
            await transaction.CommitAsync();
        }
        var counts = await registry.CountRowsAsync();
        Assert.True(counts.AuditEntries > BulkInsert.ReservedKeys, $"{counts.AuditEntries} audit lines");
        Assert.True(counts.Visits > BulkInsert.RowsPerRoundTrip, $"{counts.Visits} visits");
        Assert.Equal((150, 300), (counts.Patients, counts.Assessments));

        // A save by the app afterwards: new keys for each table, no clash with the keys the bulk insert gave.
        var entered = PatientFactory.Operated("PVP-0151", ProcedureDate, VisitCode.Preop);
        await using (var db = registry.NewContext())
        {
            db.Patients.Add(entered);
            await db.SaveChangesAsync();
        }
        Assert.True(entered.Id > imported.Max(p => p.Id));
        Assert.True(entered.Visits.Min(v => v.Id) > imported.SelectMany(p => p.Visits).Max(v => v.Id));
        await using var check = registry.NewContext();
        Assert.Equal(imported.SelectMany(p => p.Visits).Select(v => v.Id).Order(), await check.Visits.Where(v => v.PatientId != entered.Id).Select(v => v.Id).OrderBy(id => id).ToListAsync());
        Assert.Equal(151, await check.Patients.CountAsync());
    }

    [Fact]
    public async Task Records_it_cannot_write_are_refused_rather_than_stored_without_them()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var patient = PatientFactory.Operated("PVP-0001", ProcedureDate);
        patient.Procedures[0].TreatedLevels.Add(new TreatedLevel { Level = SpinalLevel.L3, CementMl = 2m });
        await using (var db = registry.NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using var bulk = new BulkInsert(db);

            var refusal = await Assert.ThrowsAsync<NotSupportedException>(() => bulk.AddAsync(patient));
            Assert.Contains("TreatedLevels", refusal.Message);
        }

        Assert.Equal(0, (await registry.CountRowsAsync()).Procedures);
    }

    [Fact]
    public async Task On_SQLite_the_page_cache_is_enlarged_while_writing_and_restored_before_the_commit()
    {
        await using var registry = await TestRegistry.CreateAsync(provider: DatabaseProvider.Sqlite);
        await using var db = registry.NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        long before = await CacheSizeAsync(db);

        await using (var bulk = new BulkInsert(db))
        {
            Assert.Equal(-BulkInsert.SqliteCacheKilobytes, await CacheSizeAsync(db));
            await bulk.AddAsync(PatientFactory.Operated("PVP-0001", ProcedureDate));
            await bulk.CompleteAsync();
            Assert.Equal(before, await CacheSizeAsync(db));
        }
        await transaction.CommitAsync();

        Assert.Equal(1, (await registry.CountRowsAsync()).Patients);
    }

    private static async Task<long> CacheSizeAsync(RegistryDbContext db)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = "PRAGMA cache_size";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
