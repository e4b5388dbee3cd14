using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace PvpRegistry.Data;

/// <summary>Applies pending migrations, waiting for a database server that is still starting, then refreshes the planner statistics.</summary>
public class DatabaseMigrator(IDbContextFactory<RegistryDbContext> factory, QueryPlannerStatistics plannerStatistics, ILogger<DatabaseMigrator> logger, TimeProvider time)
{
    public async Task<IReadOnlyList<string>> MigrateAsync(TimeSpan waitForServer, CancellationToken ct = default)
    {
        var deadline = time.GetUtcNow() + waitForServer;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
                if (pending.Count > 0)
                {
                    logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                    await db.Database.MigrateAsync(ct);
                }
                await plannerStatistics.RefreshAsync(ct);
                return pending;
            }
            catch (Exception ex) when (DatabaseErrors.IsTransient(ex) && time.GetUtcNow() < deadline)
            {
                logger.LogWarning("The database is not reachable yet (attempt {Attempt}): {Message}", attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt)), time, ct);
            }
        }
    }
}
