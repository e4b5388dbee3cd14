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

    public RegistryWebFactory()
    {
        Directory.CreateDirectory(DataFolder);
        // A copy of the run's migrated database: the host's start-up migration finds nothing to apply (the browser suite's
        // app migrates an empty one). Task.Run keeps the test framework's synchronization context out of the wait.
        Database = Task.Run(() => TestDatabase.CreateAsync(DataFolder, migrated: true)).GetAwaiter().GetResult();
    }

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
        await Database.DisposeAsync();
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The app started on an empty registry, without the demo cohort.</summary>
public sealed class EmptyRegistryWebFactory : RegistryWebFactory
{
    public EmptyRegistryWebFactory() => SeedDemoData = false;
}
