using Bunit;
using PvpRegistry.Reports.Study;
using PvpRegistry.Web.Features.Dashboards;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Dashboards;

/// <summary>The panels name their figures with the PDF report's fixed numbers ("Fig. 9" is the report's Figure 9).</summary>
public class FigureNumberTests(DemoDashboard demo) : BunitTestBase, IClassFixture<DemoDashboard>
{
    [Fact]
    public void Each_panel_title_carries_the_report_figure_number_of_what_it_draws()
    {
        Assert.Contains($"Fig. {StudyFigureNumbers.Vas})", Context.Render<PainPanel>(p => p.Add(x => x.View, demo.View)).Markup);
        Assert.Contains($"Fig. {StudyFigureNumbers.Kps})", Context.Render<FunctionPanel>(p => p.Add(x => x.View, demo.View)).Markup);
        Assert.Contains($"Figs. {StudyFigureNumbers.Forest} and {StudyFigureNumbers.PrognosticGroups})", Context.Render<PrognosisPanel>(p => p.Add(x => x.View, demo.View)).Markup);
        Assert.Contains($"(Fig. {StudyFigureNumbers.Completeness})", Context.Render<CompletenessPanel>(p => p.Add(x => x.View, demo.View)).Markup);
        foreach (var factor in demo.View.Result!.Survival)
        {
            var panel = Context.Render<SurvivalPanel>(p => p.Add(x => x.View, demo.View).Add(x => x.FactorKey, factor.Factor));
            Assert.Contains($"Table 4 and Fig. {StudyFigureNumbers.Survival(factor.Factor)})", panel.Markup);
        }
        Assert.Equal(9, StudyFigureNumbers.Vas); // the report's Figure 9, which the dashboard used to call Fig. 2
    }
}
