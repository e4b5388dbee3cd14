using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace PvpRegistry.Data.Tests.ChangeFeed;

public class RegistryChangeSubscriptionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static RegistryChange Change() => new(new HashSet<string> { "Assessment" }, DateTime.UtcNow);

    [Fact]
    public async Task Changes_during_a_reload_cause_exactly_one_more_reload_after_it()
    {
        var notifier = new InProcessChangeNotifier(new FakeLogger<InProcessChangeNotifier>());
        int reloads = 0;
        var firstStarted = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        using var subscription = notifier.SubscribeReload(reload => reload(), async () =>
        {
            if (Interlocked.Increment(ref reloads) == 1)
            {
                firstStarted.SetResult();
                await releaseFirst.Task;
            }
        });

        var firstChange = notifier.PublishAsync(Change()); // handled once its reloads, this one and any it owes, are done
        await firstStarted.Task.WaitAsync(Patience);
        // Each of these handlers finds the reload busy and returns at once, noting that one more is owed.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => notifier.PublishAsync(Change()))).WaitAsync(Patience);
        Assert.Equal(1, reloads);

        releaseFirst.SetResult();
        await firstChange.WaitAsync(Patience);
        Assert.Equal(2, reloads);

        await notifier.PublishAsync(Change()).WaitAsync(Patience); // idle again: the next change reloads at once
        Assert.Equal(3, reloads);
    }

    [Fact]
    public async Task A_failing_subscriber_is_logged_and_the_others_still_receive_the_change()
    {
        var logger = new FakeLogger<InProcessChangeNotifier>();
        var notifier = new InProcessChangeNotifier(logger);
        var received = new List<string>();
        using var before = notifier.Subscribe(c => { lock (received) received.Add("before"); return Task.CompletedTask; });
        using var failing = notifier.Subscribe(async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("the circuit is closed");
        });
        using var after = notifier.Subscribe(c => { lock (received) received.Add("after"); return Task.CompletedTask; });

        await notifier.PublishAsync(Change()).WaitAsync(Patience);
        Assert.Equal(["after", "before"], received.Order());
        var log = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, log.Level);
        Assert.Equal("the circuit is closed", log.Exception?.Message);
        Assert.Contains("Assessment", log.Message);

        // The failing subscriber stays subscribed and the others keep receiving.
        await notifier.PublishAsync(Change()).WaitAsync(Patience);
        Assert.Equal(4, received.Count);
        Assert.Equal(2, logger.Collector.Count);
    }
}
