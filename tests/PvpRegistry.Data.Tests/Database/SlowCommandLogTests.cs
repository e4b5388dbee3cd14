using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.Database;

/// <summary>A slow database command is a warning in the log, with its duration and SQL and without its values.</summary>
public class SlowCommandLogTests
{
    private static RegistryDbContext ContextWith(TestRegistry registry, SlowCommandLog log)
    {
        var options = new DbContextOptionsBuilder<RegistryDbContext>();
        options.UseRegistryDatabase(registry.Provider, registry.ConnectionString).AddInterceptors(log);
        return new RegistryDbContext(options.Options);
    }

    [Fact]
    public async Task A_command_over_the_threshold_is_a_warning_with_its_sql_and_duration_but_not_its_values()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var logger = new FakeLogger<SlowCommandLog>();
        var name = "Zhang San"; // a value the app looks up, sent as a parameter
        await using (var db = ContextWith(registry, new SlowCommandLog(logger, TimeSpan.Zero)))
            Assert.False(await db.Patients.AnyAsync(p => p.Name == name));

        var warning = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Matches(@"^A database command took \d+ ms \(the warning threshold is 0 ms\): SELECT ", warning.Message);
        Assert.Contains("\"Patients\"", warning.Message);
        Assert.DoesNotContain("Zhang San", warning.Message);
    }

    [Fact]
    public async Task Commands_under_the_threshold_are_not_logged_and_the_registry_takes_the_configured_threshold()
    {
        await using var registry = await TestRegistry.CreateAsync(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestRegistry.DefaultNow),
            new Dictionary<string, string?> { ["Database:SlowCommandThreshold"] = "00:00:05" });
        var logger = new FakeLogger<SlowCommandLog>();
        await using (var db = ContextWith(registry, new SlowCommandLog(logger, TimeSpan.FromHours(1))))
            Assert.False(await db.Patients.AnyAsync());
        Assert.Empty(logger.Collector.GetSnapshot());

        // Every context of the registry's own factory carries the log, with the threshold from configuration.
        await using var registryContext = registry.NewContext();
        var interceptors = registryContext.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.Interceptors ?? [];
        Assert.Equal(TimeSpan.FromSeconds(5), Assert.Single(interceptors.OfType<SlowCommandLog>()).Threshold);
    }
}
