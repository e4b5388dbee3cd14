using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PvpRegistry.Web;

namespace PvpRegistry.Web.Tests.Infrastructure;

/// <summary>Shared bUnit context: MudBlazor services once, JS interop loose (MudBlazor calls JS we don't test here).</summary>
public abstract class BunitTestBase : IAsyncLifetime
{
    protected BunitContext Context { get; } = new();

    static BunitTestBase()
    {
        // The suite's classes run in parallel, beside other suites, on as few as two cores. Each synchronous WaitFor*
        // holds a thread-pool thread while it waits for the renderer, and the pool adds threads only about twice a
        // second: with its minimum at the core count, waits starved the renderer they waited for. The timeout is the
        // most a wait may take on a loaded machine; a passing wait ends as soon as its condition holds.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), io);
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
    }

    protected BunitTestBase()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddRegistryLocalization();
    }

    /// <summary>Renders with the UI culture a signed-in user's language sets on the circuit.</summary>
    protected static T InCulture<T>(string culture, Func<T> render)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try { return render(); }
        finally { CultureInfo.CurrentUICulture = before; }
    }

    /// <summary>Runs a read or a save with the UI culture of a user's language (services word their texts in it).</summary>
    public static async Task<T> InCultureAsync<T>(string culture, Func<Task<T>> action)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try { return await action(); }
        finally { CultureInfo.CurrentUICulture = before; }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
