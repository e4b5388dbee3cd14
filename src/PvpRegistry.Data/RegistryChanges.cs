using Microsoft.Extensions.Logging;

namespace PvpRegistry.Data;

/// <summary>What changed in a save: the entity types touched (e.g. "Assessment", "Patient").</summary>
public record RegistryChange(IReadOnlySet<string> Entities, DateTime AtUtc);

/// <summary>
/// Tells open screens (dashboards, worklists, badges) that clinical data changed. One small
/// interface, so a multi-server deployment can carry the signal over SQL Server or Redis instead
/// of this process's memory.
/// </summary>
public interface IRegistryChangeNotifier
{
    void Publish(RegistryChange change);

    /// <summary>Subscribes; dispose the result to unsubscribe.</summary>
    IDisposable Subscribe(Func<RegistryChange, Task> handler);
}

/// <summary>
/// The single-server notifier: an in-process fan-out to subscribers. Each subscriber runs on its own, so a slow or
/// failing one never blocks the save nor the others; a failure is logged (a closed circuit, say) and the subscriber
/// stays subscribed.
/// </summary>
public sealed class InProcessChangeNotifier(ILogger<InProcessChangeNotifier> logger) : IRegistryChangeNotifier
{
    private readonly object _gate = new();
    private List<Func<RegistryChange, Task>> _handlers = [];

    public void Publish(RegistryChange change) => _ = PublishAsync(change);

    /// <summary>Publishes, and completes once every subscriber has handled the change or failed (and was logged).</summary>
    public Task PublishAsync(RegistryChange change)
    {
        List<Func<RegistryChange, Task>> handlers;
        lock (_gate) handlers = _handlers;
        return Task.WhenAll(handlers.Select(handler => Task.Run(async () =>
        {
            try { await handler(change); }
            catch (Exception e)
            {
                logger.LogWarning(e, "A subscriber to registry changes failed on the change of {Entities}", string.Join(", ", change.Entities.Order()));
            }
        })));
    }

    public IDisposable Subscribe(Func<RegistryChange, Task> handler)
    {
        lock (_gate) _handlers = [.. _handlers, handler];
        return new Subscription(this, handler);
    }

    private sealed class Subscription(InProcessChangeNotifier owner, Func<RegistryChange, Task> handler) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate) owner._handlers = owner._handlers.Where(h => h != handler).ToList();
        }
    }
}

public static class RegistryChangeSubscriptions
{
    /// <summary>
    /// Subscribes a screen that reloads on every change, one reload at a time: a change that arrives during a reload
    /// causes one more reload after it (that reload may have read the database before the change), and any number
    /// of changes during a reload cause only one. <paramref name="dispatch"/> runs the reload on the screen's own
    /// synchronisation context (a Blazor component's InvokeAsync).
    /// </summary>
    public static IDisposable SubscribeReload(this IRegistryChangeNotifier changes, Func<Func<Task>, Task> dispatch, Func<Task> reload)
    {
        var gate = new object();
        bool running = false, again = false;
        return changes.Subscribe(async _ =>
        {
            lock (gate)
            {
                if (running) { again = true; return; }
                running = true;
            }
            while (true)
            {
                try { await dispatch(reload); }
                catch
                {
                    lock (gate) running = again = false;
                    throw;
                }
                lock (gate)
                {
                    if (!again) { running = false; return; }
                    again = false;
                }
            }
        });
    }
}
