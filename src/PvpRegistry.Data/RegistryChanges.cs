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

/// <summary>The single-server notifier: an in-process fan-out to subscribers.</summary>
public sealed class InProcessChangeNotifier : IRegistryChangeNotifier
{
    private readonly object _gate = new();
    private List<Func<RegistryChange, Task>> _handlers = [];

    public void Publish(RegistryChange change)
    {
        List<Func<RegistryChange, Task>> handlers;
        lock (_gate) handlers = _handlers;
        foreach (var handler in handlers)
        {
            // Subscribers redraw on their own synchronisation context; a slow or failing one never blocks the save.
            _ = Task.Run(async () =>
            {
                try { await handler(change); }
                catch (Exception) { /* a subscriber's failure is its own (a closed circuit, say) */ }
            });
        }
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
