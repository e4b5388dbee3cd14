using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.Audit;

/// <summary>
/// A long read (the audit export streams the whole trail to a slow download, a report or a dashboard reads the cohort)
/// must not hold up the nurses' saves. On SQLite this rests on the write-ahead log, in which EF Core creates the
/// registry's file and which a restore keeps: in the rollback-journal mode a save waits, at its commit, for every reader
/// to finish, and fails with "database is locked" when its command timeout ends. On PostgreSQL readers never block.
/// </summary>
public class ReadersDoNotBlockSavesTests
{
    [Fact]
    public async Task A_save_commits_at_once_while_another_connection_is_half_way_through_streaming_the_audit_trail()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await using (var db = registry.NewContext())
        {
            for (int i = 1; i <= 3; i++) db.Patients.Add(PatientFactory.Operated($"PVP-{i:0000}", new DateOnly(2026, 10, 1), VisitCode.Preop));
            await db.SaveChangesAsync();
        }

        // The export's reader: the trail streamed row by row, stopped after its first row, its statement still open.
        await using var reading = registry.NewContext();
        await using var rows = reading.AuditTrail.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().GetAsyncEnumerator();
        Assert.True(await rows.MoveNextAsync());
        var firstRead = rows.Current.Id;

        // A nurse's save meanwhile. The command timeout is one second: a save that waited for the reader would fail.
        await using (var saving = registry.NewContext())
        {
            saving.Database.SetCommandTimeout(1);
            var patient = await saving.Patients.SingleAsync(p => p.StudyId == "PVP-0002");
            patient.Name = "Renamed While Exporting";
            saving.ChangeReason = "name corrected";
            await saving.SaveChangesAsync();
        }

        // The reader goes on with the trail as it was when it started, then the save is there for the next reader.
        int more = 0;
        while (await rows.MoveNextAsync()) more++;
        Assert.True(more > 0);
        Assert.True(firstRead > 0);
        await using var after = registry.NewContext();
        Assert.Equal("Renamed While Exporting", (await after.Patients.SingleAsync(p => p.StudyId == "PVP-0002")).Name);
        Assert.True(await after.AuditTrail.AnyAsync(a => a.Field == "Name" && a.NewValue == "Renamed While Exporting"));
    }
}
