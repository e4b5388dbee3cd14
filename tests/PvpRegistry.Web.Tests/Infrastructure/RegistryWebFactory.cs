using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Infrastructure;

/// <summary>
/// The real web host on a database of its own (<see cref="TestDatabase"/>: a SQLite file in a temporary folder, or a
/// PostgreSQL database when the run selects PostgreSQL), migrated, removed on dispose. A test class shares one
/// through <c>IClassFixture&lt;RegistryWebFactory&gt;</c>; its tests enter their own patients and users (or filter by
/// them) instead of starting a host each.
/// </summary>
public class RegistryWebFactory : WebApplicationFactory<Program>
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "pvp-web-tests-" + Guid.NewGuid().ToString("N"));

    public TestDatabase Database { get; }

    public bool SeedDemoData { get; protected init; } = true;

    /// <summary>The host that seeds <see cref="SeededDemo"/> keeps its database when it is disposed.</summary>
    private readonly bool _keepsDatabase;

    public RegistryWebFactory() : this(seedsTheTemplate: false) { }

    private RegistryWebFactory(bool seedsTheTemplate)
    {
        _keepsDatabase = seedsTheTemplate;
        Directory.CreateDirectory(DataFolder);
        // A plain host (the real clock, the demo cohort) starts from a copy of a registry one host of the run started,
        // with the demo cohort and the first accounts in it: its own start-up finds the cohort and the accounts there,
        // and seeds nothing. Other hosts (another clock, an empty start) start from a copy of the run's migrated database:
        // their start-up migration finds nothing to apply. Task.Run keeps the test framework's synchronization context
        // out of the wait.
        Database = Task.Run(async () => !seedsTheTemplate && GetType() == typeof(RegistryWebFactory)
            ? await TestDatabase.CopyOfAsync(DataFolder, await SeededDemo.Value)
            : await TestDatabase.CreateAsync(DataFolder, migrated: true)).GetAwaiter().GetResult();
    }

    /// <summary>The registry a plain host leaves once started and stopped, once per test run; removed when the run ends.</summary>
    private static readonly Lazy<Task<TestDatabase>> SeededDemo = new(async () =>
    {
        var seeding = new RegistryWebFactory(seedsTheTemplate: true);
        _ = seeding.Services; // starts the host: the demo cohort and the first accounts
        await seeding.DisposeAsync();
        await seeding.Database.CloseForCopyingAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            seeding.Database.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try { Directory.Delete(seeding.DataFolder, recursive: true); } catch (IOException) { }
        };
        return seeding.Database;
    });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Database:Provider", Database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Registry", Database.ConnectionString);
        builder.UseSetting("Database:SeedDemoData", SeedDemoData ? "true" : "false");
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        // The tests sign in many accounts from one (in-memory) address within a minute.
        builder.UseSetting("Security:SignInRateLimit:PerAddress", "10000");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_keepsDatabase) return;
        await Database.DisposeAsync();
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The app started on an empty registry, without the demo cohort.</summary>
public sealed class EmptyRegistryWebFactory : RegistryWebFactory
{
    public EmptyRegistryWebFactory() => SeedDemoData = false;
}
