using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PvpRegistry.Core;

namespace PvpRegistry.Data.FollowUp;

/// <summary>
/// Closes the visits whose window can no longer be met (<see cref="PassedWindows"/>) as missed, "window passed", in one
/// audited save (actor "registry", with the reason), so the worklist holds only work that can still be done.
/// </summary>
public class PassedWindowClosing(IDbContextFactory<RegistryDbContext> dbFactory, RegistryClock clock, IOptions<FollowUpOptions> options)
{
    public int GraceDays => options.Value.CloseAsMissedAfterDays;

    /// <summary>Closes every passed visit on today's date; returns how many it closed.</summary>
    public async Task<int> CloseAsync(CancellationToken ct = default)
    {
        var today = clock.Today;
        var lastEnd = PassedWindows.LastClosableWindowEnd(today, GraceDays);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The candidates in the database (the worklist's own filter, past the grace period); the rule decides each.
        var visits = await db.Visits
            .Where(v => v.WindowEnd <= lastEnd && v.MissedReason == null && !v.Assessments.Any(a => a.Voided == null)
                        && v.Patient!.Voided == null && v.Patient.EnrolmentStatus == EnrolmentStatus.Enrolled)
            .Include(v => v.Patient)
            .Include(v => v.Assessments)
            .ToListAsync(ct);
        // A visit a nurse reopened after it was closed stays open: she means to record it (the audit trail says so).
        var reopened = (await db.AuditTrail
            .Where(a => a.Entity == nameof(FollowUpVisit) && a.Field == nameof(FollowUpVisit.MissedReason)
                        && a.OldValue == nameof(MissedReason.WindowPassed) && a.NewValue == null)
            .Select(a => a.RecordKey).ToListAsync(ct)).ToHashSet();
        var closed = visits.Where(v => !reopened.Contains(v.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Count(v => PassedWindows.CloseIfPassed(v, v.Patient!.Closure, today, GraceDays, clock.UtcNow));
        if (closed == 0) return 0;
        db.Actor = PassedWindows.ClosedBy;
        db.Clock = clock.Time;
        db.RegistryChangeReason = AuditReasons.WindowPassed(GraceDays);
        await db.SaveChangesAsync(ct);
        return closed;
    }
}

/// <summary>Runs <see cref="PassedWindowClosing"/> at start-up and then every hour, so a visit leaves the worklist the day its grace period ends.</summary>
public class PassedWindowCloser(PassedWindowClosing closing, TimeProvider time, ILogger<PassedWindowCloser> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                int closed = await closing.CloseAsync(stoppingToken);
                if (closed > 0) logger.LogInformation("Closed {Count} visits whose window passed {Days} days ago as missed", closed, closing.GraceDays);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Closing visits whose window has passed failed; they stay overdue on the worklist until the next run");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
