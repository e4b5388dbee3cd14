using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PvpRegistry.Web.Tests.Infrastructure;

/// <summary>
/// The real web host on a SQLite file of its own, in a temporary folder removed on dispose. A test class shares one
/// through <c>IClassFixture&lt;RegistryWebFactory&gt;</c>; its tests enter their own patients and users (or filter by
/// them) instead of starting a host each.
/// </summary>
public class RegistryWebFactory : WebApplicationFactory<Program>
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "pvp-web-tests-" + Guid.NewGuid().ToString("N"));

    public bool SeedDemoData { get; protected init; } = true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataFolder);
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Registry", $"Data Source={Path.Combine(DataFolder, "registry.db")};Pooling=False");
        builder.UseSetting("Database:SeedDemoData", SeedDemoData ? "true" : "false");
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        // The tests sign in many accounts from one (in-memory) address within a minute.
        builder.UseSetting("Security:SignInRateLimit:PerAddress", "10000");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The app started on an empty registry, without the demo cohort.</summary>
public sealed class EmptyRegistryWebFactory : RegistryWebFactory
{
    public EmptyRegistryWebFactory() => SeedDemoData = false;
}
