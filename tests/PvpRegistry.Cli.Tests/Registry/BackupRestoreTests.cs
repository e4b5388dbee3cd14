using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Cli.Tests.Infrastructure;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Cli.Tests.Registry;

public class BackupRestoreTests
{
    private static string DemoCsv => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "cohort-demo.csv"));

    [Fact]
    public async Task A_backup_restores_every_row_after_the_database_was_changed()
    {
        await using var registry = await TestRegistry.CreateAsync();
        Assert.True((await registry.ImportAsync(DemoCsv)).Succeeded);
        var before = await registry.CountRowsAsync();
        var exportBefore = await registry.ExportAsync(deidentified: false);
        var backup = Path.Combine(registry.Folder, "backup.db");

        var made = await PvpInProcess.RunAsync(registry, "backup", "--out", backup);
        Assert.Equal(0, made.Code);
        Assert.Contains("62 patients", made.StdOut);

        // Change the registry after the backup: a corrected score and a new audit line.
        await using (var db = registry.NewContext())
        {
            db.ChangeReason = "typo";
            var a = await db.Assessments.OrderBy(x => x.Id).FirstAsync();
            a.Vas = a.Vas == 5.0m ? 6.0m : 5.0m;
            await db.SaveChangesAsync();
        }
        Assert.NotEqual(exportBefore, await registry.ExportAsync(deidentified: false));

        var refused = await PvpInProcess.RunAsync(registry, "restore", "--from", backup);
        Assert.NotEqual(0, refused.Code);
        Assert.Contains("--yes", refused.StdErr);

        var restored = await PvpInProcess.RunAsync(registry, "restore", "--from", backup, "--yes");
        Assert.Equal(0, restored.Code);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // Every row of the backup, and one audit entry more: the restore itself.
        Assert.Equal(before with { AuditEntries = before.AuditEntries + 1 }, await registry.CountRowsAsync());
        Assert.Equal(exportBefore, await registry.ExportAsync(deidentified: false));
        var kept = Assert.Single(Directory.GetFiles(registry.Folder, "*.before-restore-*"));
        await using (var db = registry.NewContext())
        {
            var restore = await db.AuditTrail.OrderBy(a => a.Id).LastAsync();
            Assert.Equal(("restore", "Database", backup), (restore.Action, restore.Entity, restore.NewValue));
            Assert.StartsWith("cli:", restore.User);
            Assert.Equal(("audit_restore_kept", $"replaced database kept as {kept}"), (restore.ReasonCode, restore.Reason));
        }
    }

    [Fact]
    public async Task A_backup_never_overwrites_a_file_and_restore_refuses_what_is_not_a_registry()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var existing = Path.Combine(registry.Folder, "existing.db");
        await File.WriteAllTextAsync(existing, "keep me");
        var result = await PvpProcess.RunAsync(registry, "backup", "--out", existing);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing));

        var notRegistry = Path.Combine(registry.Folder, "not-a-registry.db");
        await File.WriteAllTextAsync(notRegistry, "plain text");
        var restore = await PvpProcess.RunAsync(registry, "restore", "--from", notRegistry, "--yes");
        Assert.NotEqual(0, restore.ExitCode);
        Assert.Contains("not a registry backup", restore.StdErr);
        Assert.Contains("not a SQLite database", restore.StdErr);
    }
}
