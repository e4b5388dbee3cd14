using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Cli.Tests.Infrastructure;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Cli.Tests.Registry;

/// <summary>
/// <c>pvp restore</c> refuses a backup it cannot trust, with the reason, even with --yes, and leaves the registry as it
/// was. The tests share one registry with the demo cohort and its backup: each tampers a copy of the backup, and a
/// refused restore changes nothing, which each test checks.
/// </summary>
public class RestoreRefusalTests(RestoreRefusalTests.BackedUpRegistry backedUp) : IClassFixture<RestoreRefusalTests.BackedUpRegistry>
{
    /// <summary>A registry with the demo cohort, a backup of it made by pvp backup, and the registry's export before any restore.</summary>
    public sealed class BackedUpRegistry : IAsyncLifetime
    {
        public TestRegistry Registry { get; private set; } = null!;
        public string Backup { get; private set; } = "";
        public string Export { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Registry = await TestRegistry.CreateAsync();
            var demo = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "cohort-demo.csv"));
            Assert.True((await Registry.ImportAsync(demo)).Succeeded);
            Backup = Path.Combine(Registry.Folder, "backup.db");
            Assert.Equal(0, (await PvpInProcess.RunAsync(Registry, "backup", "--out", Backup)).Code);
            Export = await Registry.ExportAsync(deidentified: false);
        }

        /// <summary>A copy of the backup, for one test to tamper with.</summary>
        public async Task<string> TamperableCopyAsync()
        {
            var copy = Path.Combine(Registry.Folder, $"backup-{Guid.NewGuid():N}.db");
            await using (var source = File.OpenRead(Backup))
            await using (var target = File.Create(copy))
                await source.CopyToAsync(target);
            return copy;
        }

        public async Task DisposeAsync() => await Registry.DisposeAsync();
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
    private async Task AssertRefusedAsync(string backup, string reason)
    {
        var (registry, export) = (backedUp.Registry, backedUp.Export);
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
        var backup = await backedUp.TamperableCopyAsync();
        await ExecuteAsync(backup, tamper);

        await AssertRefusedAsync(backup, reason);
    }

    [Fact]
    public async Task A_backup_that_fails_the_integrity_check_is_refused()
    {
        var backup = await backedUp.TamperableCopyAsync();
        // The study ID index now points at the name index's pages: its entries no longer match the table's rows.
        await ExecuteAsync(backup, """
            PRAGMA writable_schema = ON;
            UPDATE sqlite_master SET rootpage = (SELECT rootpage FROM sqlite_master WHERE name = 'IX_Patients_Name') WHERE name = 'IX_Patients_StudyId';
            """);

        await AssertRefusedAsync(backup, "it fails PRAGMA integrity_check");
    }

    [Fact]
    public async Task A_file_with_the_same_table_names_but_another_schema_is_refused()
    {
        var foreign = Path.Combine(backedUp.Registry.Folder, $"foreign-{Guid.NewGuid():N}.db");
        // The registry's migration history, and tables named as the registry's with other columns.
        await ExecuteAsync(foreign, $"""
            ATTACH DATABASE '{backedUp.Backup}' AS b;
            CREATE TABLE "__EFMigrationsHistory" AS SELECT * FROM b."__EFMigrationsHistory";
            CREATE TABLE Patients (Id INTEGER PRIMARY KEY, Note TEXT);
            CREATE TABLE Assessments (Id INTEGER PRIMARY KEY, Note TEXT);
            CREATE TABLE AuditTrail (Id INTEGER PRIMARY KEY, Note TEXT);
            """);

        // The reason lists the audit trail's missing triggers first, then the tables.
        await AssertRefusedAsync(foreign, "its schema is not the one its migrations create (trigger AuditTrail_AppendOnly is missing; "
            + "trigger AuditTrail_AppendOnly_NoReplace is missing; trigger AuditTrail_AppendOnly_NoUpdate is missing; table ");
    }

    [Fact]
    public async Task A_backup_from_a_newer_schema_is_refused()
    {
        var backup = await backedUp.TamperableCopyAsync();
        await ExecuteAsync(backup, "INSERT INTO \"__EFMigrationsHistory\" (MigrationId, ProductVersion) VALUES ('29990101000000_FromANewerVersion', '10.0.15')");

        await AssertRefusedAsync(backup, "it comes from a newer or another version of the registry (migration 29990101000000_FromANewerVersion is not one of this version's)");
    }
}
