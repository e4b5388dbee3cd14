using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Web.Features.Dashboards;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Dashboards;

/// <summary>A panel's "updated" time reads the registry's clock, as the patient page's and the worklist's do, not the server's zone.</summary>
public class PanelHeaderTests : BunitTestBase
{
    [Fact]
    public void A_panel_computed_at_23_30_utc_says_updated_07_30_in_a_registry_in_shanghai()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.Zero));
        Context.Services.AddSingleton(new RegistryClock(time, Options.Create(new FollowUpOptions { TimeZone = "Asia/Shanghai" })));

        var header = Context.Render<PanelHeader>(p => p.Add(x => x.Title, "Survival").Add(x => x.Key, "survival").Add(x => x.N, 62)
            .Add(x => x.Updated, new DateTime(2026, 12, 1, 23, 30, 5, DateTimeKind.Utc)));

        Assert.Equal("updated 07:30:05", header.Find("[data-testid=survival-updated]").TextContent.Trim());
    }
}
