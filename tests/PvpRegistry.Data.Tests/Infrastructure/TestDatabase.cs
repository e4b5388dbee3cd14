using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace PvpRegistry.Data.Tests.Infrastructure;

/// <summary>
/// The database a test registry or web host runs on, on the provider the test run selects:
/// PVP_TEST_PROVIDER=Postgres runs on the PostgreSQL server named by PVP_TEST_POSTGRES (a connection string
/// whose login may create databases), anything else on a SQLite file. Each instance is a database of its own
/// (a file in the given folder, or a uniquely named PostgreSQL database), removed on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ProviderVariable = "PVP_TEST_PROVIDER";
    public const string PostgresServerVariable = "PVP_TEST_POSTGRES";

    public static DatabaseProvider SelectedProvider { get; } =
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable(ProviderVariable), ignoreCase: true, out var p) ? p : DatabaseProvider.Sqlite;

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    /// <summary>The SQLite file (null on PostgreSQL).</summary>
    public string? File { get; }

    private readonly string? _postgresName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? file, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        File = file;
        _postgresName = postgresName;
    }

    /// <summary>
    /// A new database, <paramref name="migrated"/> by copying a database migrated once per test run, otherwise empty.
    /// On SQLite: a file in <paramref name="folder"/> (a copy of the migrated file, or created by the first connection),
    /// pooling off so no connection keeps it open. On PostgreSQL: a database of its own (CREATE DATABASE ... TEMPLATE).
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(string folder, bool migrated, DatabaseProvider? provider = null)
    {
        if ((provider ?? SelectedProvider) != DatabaseProvider.Postgres)
            return SqliteDatabase(folder, migrated ? await MigratedSqliteFile.Value : null);
        return await PostgresDatabaseAsync(migrated ? await MigratedTemplate.Value : null);
    }

    /// <summary>
    /// A new database holding a copy of <paramref name="template"/>, a database that no connection holds open any more
    /// (a SQLite file with its write-ahead log checkpointed, or a PostgreSQL database without sessions).
    /// </summary>
    public static async Task<TestDatabase> CopyOfAsync(string folder, TestDatabase template)
    {
        return template.File is { } source ? SqliteDatabase(folder, source) : await PostgresDatabaseAsync(template._postgresName);
    }

    /// <summary>The file registry.db in <paramref name="folder"/>: a copy of <paramref name="copyOf"/>, or created by the first connection.</summary>
    private static TestDatabase SqliteDatabase(string folder, string? copyOf)
    {
        var file = Path.Combine(folder, "registry.db");
        if (copyOf is not null) System.IO.File.Copy(copyOf, file);
        return new TestDatabase(DatabaseProvider.Sqlite, SqliteConnectionString(file), file, null);
    }

    private static async Task<TestDatabase> PostgresDatabaseAsync(string? template)
    {
        var name = "pvp_test_" + Guid.NewGuid().ToString("N");
        // A copy made with the template's files (FILE_COPY, PostgreSQL 15 and later) costs the server about a third less
        // CPU than the default, which writes every page of the copy to the write-ahead log (about 120 copies a suite).
        string copy = template is null ? "" : $" TEMPLATE \"{template}\"" + (await ServerMajorVersion.Value >= 15 ? " STRATEGY FILE_COPY" : "");
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\"" + copy);
        return new TestDatabase(DatabaseProvider.Postgres, Server(name).ConnectionString, null, name);
    }

    /// <summary>The PostgreSQL server's major version (15 for 15.18).</summary>
    private static readonly Lazy<Task<int>> ServerMajorVersion = new(async () =>
    {
        await using var connection = await OpenOnServerAsync();
        return connection.PostgreSqlVersion.Major;
    });

    /// <summary>Makes this database a template that <see cref="CopyOfAsync"/> copies: no connection may hold it open.</summary>
    public async Task CloseForCopyingAsync()
    {
        if (File is null)
        {
            await using (var connection = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(connection);
            return;
        }
        // Every connection to the file is closed (pooling is off), which checkpoints the log into the file; this makes sure.
        await using var sqlite = new SqliteConnection(SqliteConnectionString(File));
        await sqlite.OpenAsync();
        await using var checkpoint = sqlite.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await checkpoint.ExecuteNonQueryAsync();
    }

    private static string SqliteConnectionString(string file) => $"Data Source={file};Pooling=False";

    /// <summary>The database exists (the SQLite file, or the PostgreSQL database on the server).</summary>
    public async Task<bool> ExistsAsync()
    {
        if (_postgresName is null) return System.IO.File.Exists(File);
        await using var connection = await OpenOnServerAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", _postgresName);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is null) return;
        await using (var connection = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(connection);
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)");
    }

    /// <summary>The PostgreSQL server's connection string for a database; fails (never skips) when the run selects PostgreSQL without naming a server.</summary>
    private static NpgsqlConnectionStringBuilder Server(string database)
    {
        var server = Environment.GetEnvironmentVariable(PostgresServerVariable);
        if (string.IsNullOrWhiteSpace(server))
            throw new InvalidOperationException($"{ProviderVariable}=Postgres but {PostgresServerVariable} names no PostgreSQL server (a connection string whose login may create databases).");
        return new NpgsqlConnectionStringBuilder(server) { Database = database };
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = await OpenOnServerAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>An open connection to the server's maintenance database (not pooled: it keeps no database open).</summary>
    private static async Task<NpgsqlConnection> OpenOnServerAsync()
    {
        var builder = Server("postgres");
        builder.Pooling = false;
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A database migrated once per test run, copied by every migrated test database; dropped when the run ends.</summary>
    private static readonly Lazy<Task<string>> MigratedTemplate = new(async () =>
    {
        var name = "pvp_template_" + Guid.NewGuid().ToString("N");
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\"");
        var builder = Server(name);
        builder.Pooling = false; // a template must have no open connection when it is copied
        await MigrateAsync(DatabaseProvider.Postgres, builder.ConnectionString);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").GetAwaiter().GetResult();
        return name;
    });

    /// <summary>A SQLite file migrated once per test run, copied by every migrated test database; deleted when the run ends.</summary>
    private static readonly Lazy<Task<string>> MigratedSqliteFile = new(async () =>
    {
        var folder = Directory.CreateTempSubdirectory("pvp-test-template-").FullName;
        var file = Path.Combine(folder, "registry.db");
        await MigrateAsync(DatabaseProvider.Sqlite, SqliteConnectionString(file)); // pooling off: the file is closed once migrated
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return file;
    });

    private static async Task MigrateAsync(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<RegistryDbContext>();
        options.UseRegistryDatabase(provider, connectionString);
        await using var db = new RegistryDbContext(options.Options);
        await db.Database.MigrateAsync();
    }
}
