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
            Assert.Equal($"replaced database kept as {kept}", restore.Reason);
        }
    }

    /// <summary>A registry with the demo cohort, a backup of it made by pvp backup, and the registry's export before any restore.</summary>
    private static async Task<(TestRegistry Registry, string Backup, string Export)> BackedUpAsync()
    {
        var registry = await TestRegistry.CreateAsync();
        Assert.True((await registry.ImportAsync(DemoCsv)).Succeeded);
        var backup = Path.Combine(registry.Folder, "backup.db");
        Assert.Equal(0, (await PvpInProcess.RunAsync(registry, "backup", "--out", backup)).Code);
        return (registry, backup, await registry.ExportAsync(deidentified: false));
    }

    private static async Task ExecuteAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Restoring the changed backup is refused with the reason, even with --yes, and the registry is untouched.</summary>
    private static async Task AssertRefusedAsync(TestRegistry registry, string backup, string export, string reason)
    {
        var result = await PvpProcess.RunAsync(registry, "restore", "--from", backup, "--yes");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not a registry backup this version can restore: ", result.StdErr);
        Assert.Contains(reason, result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr);
        SqliteConnection.ClearAllPools();
        Assert.Empty(Directory.GetFiles(registry.Folder, "*.before-restore-*"));
        Assert.Equal(export, await registry.ExportAsync(deidentified: false));
        await using var db = registry.NewContext();
        Assert.Equal(3, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'AuditTrail'").SingleAsync());
        Assert.False(await db.AuditTrail.AnyAsync(a => a.Action == "restore"));
    }

    [Theory]
    [InlineData("DROP TRIGGER AuditTrail_AppendOnly", "trigger AuditTrail_AppendOnly is missing")]
    [InlineData("DROP TRIGGER AuditTrail_AppendOnly_NoReplace", "trigger AuditTrail_AppendOnly_NoReplace is missing")]
    [InlineData("DROP TRIGGER AuditTrail_AppendOnly_NoUpdate; CREATE TRIGGER AuditTrail_AppendOnly_NoUpdate BEFORE UPDATE ON AuditTrail WHEN 0 BEGIN SELECT 1; END",
        "trigger AuditTrail_AppendOnly_NoUpdate differs")]
    public async Task A_backup_whose_audit_triggers_were_dropped_or_changed_is_refused(string tamper, string reason)
    {
        var (registry, backup, export) = await BackedUpAsync();
        await using var _ = registry;
        await ExecuteAsync(backup, tamper);

        await AssertRefusedAsync(registry, backup, export, reason);
    }

    [Fact]
    public async Task A_backup_that_fails_the_integrity_check_is_refused()
    {
        var (registry, backup, export) = await BackedUpAsync();
        await using var _ = registry;
        // The study ID index now points at the name index's pages: its entries no longer match the table's rows.
        await ExecuteAsync(backup, """
            PRAGMA writable_schema = ON;
            UPDATE sqlite_master SET rootpage = (SELECT rootpage FROM sqlite_master WHERE name = 'IX_Patients_Name') WHERE name = 'IX_Patients_StudyId';
            """);

        await AssertRefusedAsync(registry, backup, export, "it fails PRAGMA integrity_check");
    }

    [Fact]
    public async Task A_file_with_the_same_table_names_but_another_schema_is_refused()
    {
        var (registry, backup, export) = await BackedUpAsync();
        await using var _ = registry;
        var foreign = Path.Combine(registry.Folder, "foreign.db");
        // The registry's migration history, and tables named as the registry's with other columns.
        await ExecuteAsync(foreign, $"""
            ATTACH DATABASE '{backup}' AS b;
            CREATE TABLE "__EFMigrationsHistory" AS SELECT * FROM b."__EFMigrationsHistory";
            CREATE TABLE Patients (Id INTEGER PRIMARY KEY, Note TEXT);
            CREATE TABLE Assessments (Id INTEGER PRIMARY KEY, Note TEXT);
            CREATE TABLE AuditTrail (Id INTEGER PRIMARY KEY, Note TEXT);
            """);

        // The reason lists the audit trail's missing triggers first, then the tables.
        await AssertRefusedAsync(registry, foreign, export, "its schema is not the one its migrations create (trigger AuditTrail_AppendOnly is missing; "
            + "trigger AuditTrail_AppendOnly_NoReplace is missing; trigger AuditTrail_AppendOnly_NoUpdate is missing; table ");
    }

    [Fact]
    public async Task A_backup_from_a_newer_schema_is_refused()
    {
        var (registry, backup, export) = await BackedUpAsync();
        await using var _ = registry;
        await ExecuteAsync(backup, "INSERT INTO \"__EFMigrationsHistory\" (MigrationId, ProductVersion) VALUES ('29990101000000_FromANewerVersion', '10.0.15')");

        await AssertRefusedAsync(registry, backup, export, "it comes from a newer or another version of the registry (migration 29990101000000_FromANewerVersion is not one of this version's)");
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
