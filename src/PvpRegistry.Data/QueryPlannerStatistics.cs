using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PvpRegistry.Data;

/// <summary>
/// Keeps SQLite's query-planner statistics current. Without them SQLite walks the visit-window index for the
/// worklist although nearly every visit's window has opened, which at 10,000 patients is two to three times
/// slower than starting from the patients. SQLite's advice for long-lived applications is
/// <c>PRAGMA optimize</c> at start-up and then periodically; it re-analyses only tables that have changed a lot,
/// within <c>analysis_limit</c>, so it is cheap. SQL Server and PostgreSQL (autovacuum) keep their own statistics, so this does nothing there.
/// </summary>
public class QueryPlannerStatistics(IDbContextFactory<RegistryDbContext> factory, DatabaseOptions options)
{
    public async Task RefreshAsync(CancellationToken ct = default)
    {
        if (options.Provider != DatabaseProvider.Sqlite) return;
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;", ct);
    }
}

/// <summary>Refreshes the planner statistics every hour, as data arrive.</summary>
public class QueryPlannerStatisticsRefresher(QueryPlannerStatistics statistics, TimeProvider time, ILogger<QueryPlannerStatisticsRefresher> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await statistics.RefreshAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Refreshing the database's query-planner statistics failed; queries stay correct but may be slower");
            }
        }
    }
}
