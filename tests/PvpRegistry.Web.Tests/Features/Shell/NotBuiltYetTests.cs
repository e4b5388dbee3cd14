using Bunit;
using PvpRegistry.Web.Components.Shared;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Shell;

public class NotBuiltYetTests : BunitTestBase
{
    [Fact]
    public void Names_the_missing_feature_and_its_plan()
    {
        var cut = Context.Render<NotBuiltYet>(p => p.Add(x => x.What, "The study dashboards").Add(x => x.Plan, "They come next."));
        var alert = cut.Find("[data-testid=not-built]");
        Assert.Contains("The study dashboards is not built yet.", alert.TextContent);
        Assert.Contains("They come next.", alert.TextContent);
    }
}
