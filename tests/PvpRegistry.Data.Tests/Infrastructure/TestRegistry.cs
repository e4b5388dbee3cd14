using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Reminders;
using PvpRegistry.Data.StudyCsv;

namespace PvpRegistry.Data.Tests.Infrastructure;

/// <summary>
/// A registry on a database of its own (a real SQLite file in its own temporary folder, or a PostgreSQL database when
/// the run selects PostgreSQL: <see cref="TestDatabase"/>), wired the way the app wires it (AddRegistryData over
/// configuration), migrated (a copy of a database migrated once per test run), and deleted on dispose.
/// </summary>
public sealed class TestRegistry : IAsyncDisposable
{
    public string Folder { get; }
    public TestDatabase Database { get; }
    public DatabaseProvider Provider => Database.Provider;

    /// <summary>The SQLite file; only for tests of what is SQLite's own (file backup and restore), which ask for SQLite.</summary>
    public string DatabaseFile => Database.File ?? throw new InvalidOperationException("This registry is not on SQLite.");

    /// <summary>On SQLite, pooling off, so no connection keeps the file open once a context is disposed.</summary>
    public string ConnectionString => Database.ConnectionString;
    public ServiceProvider Services { get; }
    public IDbContextFactory<RegistryDbContext> Factory => Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>();

    private TestRegistry(string folder, TestDatabase database, TimeProvider time, IDictionary<string, string?>? settings)
    {
        Folder = folder;
        Database = database;
        _settings = settings;
        Services = NewInstance(time);
    }

    private readonly IDictionary<string, string?>? _settings;

    /// <summary>
    /// Another "app instance" on the same database: its own service provider (own singletons, own
    /// scheduler), wired the way the app wires it, with the given clock.
    /// </summary>
    public ServiceProvider NewInstance(TimeProvider time)
    {
        var values = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Provider.ToString(),
            ["ConnectionStrings:Registry"] = ConnectionString,
        };
        foreach (var (k, v) in _settings ?? new Dictionary<string, string?>()) values[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(time);
        services.AddLogging();
        services.AddRegistryData(configuration);
        services.AddRegistryReminders();
        services.AddSingleton<ReminderScheduler>().AddSingleton<OutboxWorker>();
        return services.BuildServiceProvider();
    }

    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A registry whose clock stands still at <paramref name="now"/> (UTC), so "today" is the same on every machine.</summary>
    public static Task<TestRegistry> CreateAsync(DateTimeOffset? now = null, bool migrate = true, DatabaseProvider? provider = null) =>
        CreateAsync(new FakeTimeProvider(now ?? DefaultNow), null, migrate, provider);

    /// <summary>A registry on the run's provider, or on <paramref name="provider"/> for what only one provider has.</summary>
    public static async Task<TestRegistry> CreateAsync(TimeProvider time, IDictionary<string, string?>? settings, bool migrate = true, DatabaseProvider? provider = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pvp-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TestRegistry(folder, await TestDatabase.CreateAsync(folder, migrate, provider), time, settings);
    }

    public RegistryDbContext NewContext() => Factory.CreateDbContext();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public FollowUpSchedule Schedule => Get<FollowUpSchedule>();

    public async Task<ImportResult> ImportAsync(string csv, string actor = "test-importer")
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv));
        return await Get<StudyCsvImporter>().ImportAsync(stream, actor);
    }

    public async Task<string> ExportAsync(bool deidentified)
    {
        await using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        await Get<StudyCsvExporter>().ExportAsync(writer, deidentified);
        return writer.ToString();
    }

    public async Task<RowCounts> CountRowsAsync()
    {
        await using var db = NewContext();
        return new RowCounts(
            await db.Patients.CountAsync(), await db.Procedures.CountAsync(), await db.Visits.CountAsync(),
            await db.Assessments.CountAsync(), await db.VitalStatusEvents.CountAsync(), await db.AuditTrail.CountAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* a leftover temp folder must not fail the test */ }
    }
}

public record RowCounts(int Patients, int Procedures, int Visits, int Assessments, int VitalStatusEvents, int AuditEntries);
