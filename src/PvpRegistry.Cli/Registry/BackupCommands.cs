using System.CommandLine;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Backup;

namespace PvpRegistry.Cli.Registry;

/// <summary>
/// `pvp backup --out FILE` and `pvp restore --from FILE`: consistent online copies of the SQLite
/// database through SQLite's backup API (safe while the app runs). A restore first checks the file
/// (<see cref="RestoreCheck"/>: integrity, migration history, schema and audit triggers), is audited, and tells the
/// running web instances through the change feed, so their screens and caches reload. SQL Server uses its own BACKUP
/// DATABASE (see the README).
/// </summary>
public static class BackupCommands
{
    public static Command Backup()
    {
        var output = CliOptions.WrittenFile("--out", "the new backup file (never overwritten)");
        output.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } path && File.Exists(path))
                r.AddError($"{path} exists; choose a new file name (backups are never overwritten).");
        });
        var command = new Command("backup", "Consistent online copy of the SQLite database (safe while the app runs).") { output };
        command.SetAction(async (r, _) =>
        {
            var path = r.GetRequiredValue(output);
            await using var sp = RegistryCommands.Services(r);
            var source = SqliteConnectionString(sp);
            var counts = await OutputFile.WriteAsync(path, async temp =>
            {
                await using (var from = new SqliteConnection(source))
                await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temp, Pooling = false }.ToString()))
                {
                    await from.OpenAsync();
                    await to.OpenAsync();
                    from.BackupDatabase(to);
                }
                return await CountRowsAsync(temp);
            }, overwrite: false);
            r.InvocationConfiguration.Output.WriteLine($"Backed up to {path}: {counts["Patients"]} patients, {counts["Assessments"]} assessments, {counts["AuditTrail"]} audit entries.");
            return 0;
        });
        return command;
    }

    public static Command Restore()
    {
        var backup = CliOptions.ExistingFile("--from", "the backup to restore");
        var yes = new Option<bool>("--yes") { Description = "confirm: the whole registry is replaced (the current database is kept beside it)" };
        var command = new Command("restore", "Replace the database with a backup; the replaced one is kept beside it.") { backup, yes };
        command.SetAction(async (r, _) =>
        {
            var from = r.GetRequiredValue(backup).FullName;
            if (await RestoreCheck.ProblemAsync(from) is { } problem)
                throw new InvalidDataException($"{from} is not a registry backup this version can restore: {problem}. Nothing was changed.");
            var counts = await CountRowsAsync(from);
            if (!r.GetValue(yes))
            {
                r.InvocationConfiguration.Error.WriteLine($"pvp restore: restoring replaces the whole registry with {from} ({counts["Patients"]} patients); add --yes to do it.");
                return 2;
            }

            await using var sp = RegistryCommands.Services(r);
            var target = SqliteConnectionString(sp);
            // Keep what is replaced: a backup of the current database first.
            var targetFile = new SqliteConnectionStringBuilder(target).DataSource;
            var safety = $"{targetFile}.before-restore-{sp.GetRequiredService<TimeProvider>().GetUtcNow():yyyyMMddHHmmss}";
            long replacedLatestChange = 0;
            if (File.Exists(targetFile))
            {
                replacedLatestChange = await LatestChangeIdAsync(targetFile);
                await using var current = new SqliteConnection(target);
                await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = safety, Pooling = false }.ToString());
                await current.OpenAsync();
                await copy.OpenAsync();
                current.BackupDatabase(copy);
            }
            await using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = from, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
            await using (var destination = new SqliteConnection(target))
            {
                await source.OpenAsync();
                await destination.OpenAsync();
                source.BackupDatabase(destination);
            }
            SqliteConnection.ClearAllPools();
            await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(60));
            await using (var db = await sp.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync())
            {
                // The restore is the first entry after the restored ones: who replaced the registry, with what, and where the old one is.
                db.AuditTrail.Add(new AuditEntry
                {
                    AtUtc = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, User = RegistryCommands.Actor, Action = "restore",
                    Entity = "Database", NewValue = from,
                }.Because(AuditReasons.RestoreKeptReplaced(safety)));
                await db.SaveChangesAsync();
            }
            await SignalReplacedAsync(sp, replacedLatestChange);
            r.InvocationConfiguration.Output.WriteLine($"Restored {from}: {counts["Patients"]} patients, {counts["Assessments"]} assessments, {counts["AuditTrail"]} audit entries. The replaced database was kept as {safety}.");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Tells the running web instances (through the change feed) that every screen is stale: a row whose id is above
    /// both the replaced and the restored database's latest change, so no cache keyed by a change id can match it.
    /// </summary>
    private static async Task SignalReplacedAsync(IServiceProvider sp, long replacedLatestChange)
    {
        await using var db = await sp.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var restoredLatest = await RegistryChangeFeed.LatestIdAsync(db);
        RegistryChangeFeed.Append(db, ["Registry"], sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, Math.Max(replacedLatestChange, restoredLatest) + 1);
        await db.SaveChangesAsync();
    }

    /// <summary>The latest change id of a registry file (0 when it predates the change feed).</summary>
    private static async Task<long> LatestChangeIdAsync(string file)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT MAX(\"Id\") FROM \"RegistryChanges\"";
        try { return await cmd.ExecuteScalarAsync() is long id ? id : 0; }
        catch (SqliteException) { return 0; }
    }

    private static string SqliteConnectionString(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<DatabaseOptions>();
        if (options.Provider != DatabaseProvider.Sqlite)
            throw new InvalidOperationException(options.Provider == DatabaseProvider.Postgres
                ? "backup and restore handle the SQLite database; for PostgreSQL use pg_dump / pg_restore (README, \"Backup and restore on PostgreSQL\")."
                : "backup and restore handle the SQLite database; for SQL Server use BACKUP DATABASE / RESTORE DATABASE (see the README).");
        return options.ResolveConnectionString(sp.GetRequiredService<IConfiguration>());
    }

    private static async Task<Dictionary<string, long>> CountRowsAsync(string file)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        var counts = new Dictionary<string, long>();
        foreach (var table in new[] { "Patients", "Assessments", "AuditTrail" })
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = (long)(await cmd.ExecuteScalarAsync())!;
        }
        return counts;
    }
}
