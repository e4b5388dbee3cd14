using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PvpRegistry.Web;

namespace PvpRegistry.Web.Tests.Infrastructure;

/// <summary>Shared bUnit context: MudBlazor services once, JS interop loose (MudBlazor calls JS we don't test here).</summary>
public abstract class BunitTestBase : IAsyncLifetime
{
    protected BunitContext Context { get; } = new();

    protected BunitTestBase()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddRegistryLocalization();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
