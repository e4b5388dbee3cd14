using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Data;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Shell;

public class ReadinessTests(EmptyRegistryWebFactory factory) : IClassFixture<EmptyRegistryWebFactory>
{
    [Fact]
    public async Task Ready_while_every_migration_is_applied_and_not_ready_with_one_pending()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());

        // As a newer build started against a database nobody has migrated yet: the latest migration is not recorded.
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var latest = db.Database.GetMigrations().Last();
        await db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {latest}");
        try
        {
            var pending = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, pending.StatusCode);
            Assert.Equal("Unhealthy", await pending.Content.ReadAsStringAsync()); // no details leave the server
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode); // alive all the same
        }
        finally
        {
            await db.Database.ExecuteSqlAsync($"INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ({latest}, '10.0.15')");
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
