using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PvpRegistry.Data;

namespace PvpRegistry.Web;

/// <summary>
/// Readiness for a load balancer (/health/ready): the database answers and has every migration this build knows.
/// An instance of a newer build started before `pvp migrate` ran is alive but not ready.
/// </summary>
public sealed class DatabaseReadinessCheck(IDbContextFactory<RegistryDbContext> dbFactory) : IHealthCheck
{
    public const string Tag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Database.CanConnectAsync(cancellationToken)) return HealthCheckResult.Unhealthy("The database does not answer.");
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending: {string.Join(", ", pending)}");
    }
}
