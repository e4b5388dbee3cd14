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
        // The most a wait may take on a loaded machine (the suite runs beside others on as few as two cores; the thread
        // pool's minimum is raised for the waits in tests/Directory.Build.props); a passing wait ends as soon as its
        // condition holds.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
    }

    protected BunitTestBase()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddRegistryLocalization();
        // The registry's clock on the real time, in UTC; a test that needs a host's clock or another zone adds its own,
        // which then wins.
        Context.Services.AddSingleton(new PvpRegistry.Data.RegistryClock(TimeProvider.System,
            Microsoft.Extensions.Options.Options.Create(new PvpRegistry.Core.FollowUpOptions { TimeZone = "UTC" })));
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
