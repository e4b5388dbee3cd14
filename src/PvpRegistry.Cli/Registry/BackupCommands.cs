using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Data;

namespace PvpRegistry.Cli.Registry;

/// <summary>
/// `pvp backup --out FILE` and `pvp restore --from FILE`: consistent online copies of the SQLite
/// database through SQLite's backup API (safe while the app runs). SQL Server uses its own BACKUP DATABASE (see the README).
/// </summary>
public static class BackupCommands
{
    public static async Task<int> BackupAsync(string[] args)
    {
        var a = new CliArguments(args);
        var output = a.Require("out");
        a.RejectUnknown();
        await using var sp = RegistryCommands.Services();
        var source = SqliteConnectionString(sp);
        if (File.Exists(output)) throw new CliUsageException($"{output} exists; choose a new file name (backups are never overwritten).");
        var counts = await OutputFile.WriteAsync(output, async temp =>
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
        Console.Out.WriteLine($"Backed up to {output}: {counts["Patients"]} patients, {counts["Assessments"]} assessments, {counts["AuditTrail"]} audit entries.");
        return 0;
    }

    public static async Task<int> RestoreAsync(string[] args)
    {
        var a = new CliArguments(args, "yes");
        var from = a.Require("from");
        bool confirmed = a.Has("yes");
        a.RejectUnknown();
        if (!File.Exists(from)) throw new CliUsageException($"file not found: {from}");
        Dictionary<string, long> counts;
        try { counts = await CountRowsAsync(from); }
        catch (SqliteException ex) { throw new CliUsageException($"{from} is not a registry backup ({ex.Message})."); }
        if (!confirmed) throw new CliUsageException($"restoring replaces the whole registry with {from} ({counts["Patients"]} patients); add --yes to do it.");

        await using var sp = RegistryCommands.Services();
        var target = SqliteConnectionString(sp);
        // Keep what is replaced: a backup of the current database first.
        var targetFile = new SqliteConnectionStringBuilder(target).DataSource;
        var safety = $"{targetFile}.before-restore-{sp.GetRequiredService<TimeProvider>().GetUtcNow():yyyyMMddHHmmss}";
        if (File.Exists(targetFile))
        {
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
        Console.Out.WriteLine($"Restored {from}: {counts["Patients"]} patients, {counts["Assessments"]} assessments, {counts["AuditTrail"]} audit entries. The replaced database was kept as {safety}.");
        return 0;
    }

    private static string SqliteConnectionString(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<DatabaseOptions>();
        if (options.Provider != DatabaseProvider.Sqlite)
            throw new CliUsageException("backup and restore handle the SQLite database; for SQL Server use BACKUP DATABASE / RESTORE DATABASE (see the README).");
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
