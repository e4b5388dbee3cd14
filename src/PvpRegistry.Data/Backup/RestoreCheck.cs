using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PvpRegistry.Data.Backup;

/// <summary>
/// Whether a SQLite file may replace the registry: it passes <c>PRAGMA integrity_check</c>; its migration history is
/// a prefix of this version's migrations (no migration this version does not know, so never a newer schema); and its
/// schema (tables, indexes, and the audit trail's append-only triggers) is exactly what those migrations create,
/// compared object by object with a scratch database migrated to the same point. A file that passes is migrated to
/// the current version after the restore.
/// </summary>
public static class RestoreCheck
{
    /// <summary>The reason the file cannot be restored, or null when it can.</summary>
    public static async Task<string?> ProblemAsync(string file, CancellationToken ct = default)
    {
        await using var backup = new SqliteConnection(ReadOnly(file));
        List<string> history;
        try
        {
            await backup.OpenAsync(ct);
            var integrity = await ColumnAsync(backup, "PRAGMA integrity_check", ct);
            if (integrity is not ["ok"]) return $"it fails PRAGMA integrity_check ({string.Join("; ", integrity.Take(3))})";
            if ((await ColumnAsync(backup, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'", ct)).Count == 0)
                return "it has no migration history, so it is not a registry database";
            history = await ColumnAsync(backup, "SELECT MigrationId FROM \"__EFMigrationsHistory\" ORDER BY MigrationId", ct);
        }
        catch (SqliteException ex)
        {
            return $"it fails PRAGMA integrity_check or is not a SQLite database ({ex.Message})";
        }

        var scratchFolder = Path.Combine(Path.GetTempPath(), "pvp-restore-check-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratchFolder);
        try
        {
            var scratchFile = Path.Combine(scratchFolder, "expected.db");
            var options = new DbContextOptionsBuilder<RegistryDbContext>();
            options.UseRegistryDatabase(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = scratchFile, Pooling = false }.ToString());
            await using (var expected = new RegistryDbContext(options.Options))
            {
                var known = expected.Database.GetMigrations().ToList();
                if (history.FirstOrDefault(id => !known.Contains(id)) is { } unknown)
                    return $"it comes from a newer or another version of the registry (migration {unknown} is not one of this version's)";
                if (history.Count == 0) return "no migration was ever applied to it, so it is not a registry database";
                if (!known.Take(history.Count).SequenceEqual(history))
                    return $"its migration history ({string.Join(", ", history)}) is not the start of this version's ({string.Join(", ", known)})";
                await expected.GetService<IMigrator>().MigrateAsync(history[^1], ct);
            }
            await using var scratch = new SqliteConnection(ReadOnly(scratchFile));
            await scratch.OpenAsync(ct);
            var differences = Compare(await SchemaAsync(scratch, ct), await SchemaAsync(backup, ct));
            return differences.Count == 0 ? null
                : $"its schema is not the one its migrations create ({string.Join("; ", differences.Take(5))}{(differences.Count > 5 ? $"; {differences.Count - 5} more" : "")})";
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(scratchFolder, recursive: true);
        }
    }

    private static string ReadOnly(string file) =>
        new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();

    /// <summary>Every table, index, trigger and view by (type, name), with its SQL; SQLite's own objects left out.</summary>
    private static async Task<Dictionary<(string Type, string Name), string>> SchemaAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var schema = new Dictionary<(string, string), string>();
        while (await reader.ReadAsync(ct)) schema[(reader.GetString(0), reader.GetString(1))] = reader.GetString(2);
        return schema;
    }

    /// <summary>The differences, the audit trail's triggers first, then tables, indexes and views, each by name.</summary>
    private static List<string> Compare(Dictionary<(string Type, string Name), string> expected, Dictionary<(string Type, string Name), string> actual)
    {
        var differences = new List<(string Type, string Name, string Text)>();
        foreach (var ((type, name), sql) in expected)
        {
            if (!actual.TryGetValue((type, name), out var found)) differences.Add((type, name, $"{type} {name} is missing"));
            else if (found != sql) differences.Add((type, name, $"{type} {name} differs"));
        }
        foreach (var (type, name) in actual.Keys.Except(expected.Keys))
            differences.Add((type, name, $"{type} {name} is not the registry's"));
        string[] order = ["trigger", "table", "index", "view"];
        return differences.OrderBy(d => Array.IndexOf(order, d.Type) is var i and >= 0 ? i : order.Length)
            .ThenBy(d => d.Name, StringComparer.Ordinal).Select(d => d.Text).ToList();
    }

    private static async Task<List<string>> ColumnAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new List<string>();
        while (await reader.ReadAsync(ct)) values.Add(reader.GetString(0));
        return values;
    }
}
