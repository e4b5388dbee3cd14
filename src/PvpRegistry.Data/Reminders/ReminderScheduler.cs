using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PvpRegistry.Data.Reminders;

/// <summary>
/// Runs the reminder rules once at start-up and then every day at Reminders:RunAt (registry time zone), waiting on
/// the injected TimeProvider. Catching up: the start-up run is a run for today, and the rules are state-based (what
/// is current on the day), so it raises everything that became due or overdue while the app was down, and nothing
/// that has stopped being current (see <see cref="ReminderRun"/>). Several instances may run it at once: the
/// database's unique keys make each reminder and each digest exist once.
/// </summary>
public sealed class ReminderScheduler(ReminderRun run, ReminderSettings settings, RegistryClock clock, OutboxWorker outbox, ILogger<ReminderScheduler> logger)
    : BackgroundService
{
    private CancellationTokenSource _reschedule = new();

    /// <summary>Raised after each completed run (for tests and diagnostics).</summary>
    public event Action<ReminderRunResult>? Ran;

    /// <summary>Raised once the scheduler waits on the clock for its next run (UTC), for tests that move a fake clock.</summary>
    public event Action<DateTime>? Waiting;

    /// <summary>Re-reads the run time (after an admin changed it) instead of waiting for the time computed before.</summary>
    public void Reschedule()
    {
        try { Volatile.Read(ref _reschedule).Cancel(); }
        catch (ObjectDisposedException) { /* replaced meanwhile: the new wait reads the new time anyway */ }
    }

    public static DateTime NextRunUtc(DateOnly day, TimeOnly at, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(at, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30); // a daylight-saving gap
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var options = await TryAsync(() => settings.CurrentAsync(stoppingToken), stoppingToken);
        if (options is { Enabled: false })
        {
            logger.LogInformation("Reminders:Enabled is false: this instance does not run the reminder scheduler");
            return;
        }
        var last = await TryAsync(() => run.LastRunAsync(stoppingToken), stoppingToken);
        var today = clock.Today;
        if (last is { } l && l.AddDays(1) < today)
            logger.LogInformation("Reminder runs were missed from {From} to {To}: today's run catches up on them", l.AddDays(1).ToString("yyyy-MM-dd"), today.AddDays(-1).ToString("yyyy-MM-dd"));

        DateOnly? ranFor = await RunOnceAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            options = await TryAsync(() => settings.CurrentAsync(stoppingToken), stoppingToken) ?? settings.Configured;
            var now = clock.UtcNow;
            // After a failed run, try again in five minutes; otherwise the next day's run time.
            var next = ranFor is { } d ? NextRunUtc(d.AddDays(1), options.RunAtTime, clock.Zone) : now.AddMinutes(5);
            if (next > now)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _reschedule.Token);
                try
                {
                    var delay = Task.Delay(next - now, clock.Time, wait.Token);
                    Waiting?.Invoke(next);
                    await delay;
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    Interlocked.Exchange(ref _reschedule, new CancellationTokenSource()).Dispose();
                    continue;
                }
                catch (OperationCanceledException) { return; }
                if (clock.UtcNow < next) continue;
            }
            ranFor = await RunOnceAsync(stoppingToken);
        }
    }

    private async Task<DateOnly?> RunOnceAsync(CancellationToken ct)
    {
        var day = clock.Today;
        try
        {
            var result = await run.RunAsync(day, dryRun: false, ct);
            if (result.Digests.Count > 0) outbox.Wake();
            Ran?.Invoke(result);
            return day;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogError(ex, "The reminder run for {Day} failed; retrying in five minutes", day.ToString("yyyy-MM-dd"));
            return null;
        }
    }

    private async Task<T?> TryAsync<T>(Func<Task<T>> read, CancellationToken ct)
    {
        try { return await read(); }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Reading the reminder state failed: {Error}", ex.Message);
            return default;
        }
    }

    public override void Dispose()
    {
        _reschedule.Dispose();
        base.Dispose();
    }
}

/// <summary>Sends the outbox every Reminders:OutboxPollInterval, and at once when a run queued digests.</summary>
public sealed class OutboxWorker(OutboxSender sender, ReminderSettings settings, TimeProvider time, ILogger<OutboxWorker> logger) : BackgroundService
{
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _nextRoundDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>
    /// Wakes the worker and completes when a round that read the outbox after this call has finished (sent, failed or
    /// found nothing due), so a caller knows what that round did instead of waiting an arbitrary time.
    /// </summary>
    public Task SendNowAsync()
    {
        var done = Volatile.Read(ref _nextRoundDone).Task;
        Wake();
        return done;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            // A fresh signal before sending: a wake-up during the round starts another round at once.
            var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _wake, wake);
            var roundDone = Interlocked.Exchange(ref _nextRoundDone, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            try { await sender.SendDueAsync(stoppingToken); }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Sending the outbox failed: {Error}", ex.Message);
            }
            finally { roundDone.TrySetResult(); }
            using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(Task.Delay(settings.Configured.OutboxPollInterval, time, stopDelay.Token), wake.Task);
            stopDelay.Cancel();
        }
    }
}
