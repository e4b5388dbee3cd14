namespace PvpRegistry.Data.Tests;

public class RegistryChangeSubscriptionTests
{
    private static RegistryChange Change() => new(new HashSet<string> { "Assessment" }, DateTime.UtcNow);

    [Fact]
    public async Task Changes_during_a_reload_cause_exactly_one_more_reload_after_it()
    {
        var notifier = new InProcessChangeNotifier();
        int reloads = 0;
        var firstStarted = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        var secondDone = new TaskCompletionSource();
        using var subscription = notifier.SubscribeReload(reload => reload(), async () =>
        {
            int n = Interlocked.Increment(ref reloads);
            if (n == 1) { firstStarted.SetResult(); await releaseFirst.Task; }
            if (n == 2) secondDone.SetResult();
        });

        notifier.Publish(Change());
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(5));
        for (int i = 0; i < 3; i++) notifier.Publish(Change());
        await Task.Delay(200); // let the three handlers run and find the reload busy
        Assert.Equal(1, reloads);

        releaseFirst.SetResult();
        await secondDone.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(200);
        Assert.Equal(2, reloads);

        notifier.Publish(Change()); // idle again: the next change reloads at once
        await WaitUntilAsync(() => Volatile.Read(ref reloads) == 3);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 100 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition());
    }
}
