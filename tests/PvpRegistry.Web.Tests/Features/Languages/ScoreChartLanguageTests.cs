using Bunit;
using PvpRegistry.Core;
using PvpRegistry.Web.Components.Shared;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Languages;

/// <summary>The score chart's axis names the visits in the user's language, short enough to stand side by side, with the full name on hover.</summary>
public class ScoreChartLanguageTests : BunitTestBase
{
    private static readonly VisitCode[] Visits = [VisitCode.Preop, VisitCode.Day1, VisitCode.Month1, VisitCode.Month12];

    private List<(string Axis, string Full)> AxisIn(string culture) => InCulture(culture, () =>
        Context.Render<ScoreChart>(p => p.Add(x => x.Measure, "VAS").Add(x => x.GroupLabel, "PVP").Add(x => x.Visits, Visits)
                .Add(x => x.Patient, new Dictionary<VisitCode, double> { [VisitCode.Preop] = 7 })
                .Add(x => x.Mean, new Dictionary<VisitCode, double> { [VisitCode.Preop] = 6.5 }))
            .FindAll("[data-testid=visit-tick]")
            .Select(t => (string.Concat(t.ChildNodes.OfType<AngleSharp.Dom.IText>().Select(n => n.Data)).Trim(), t.QuerySelector("title")!.TextContent.Trim()))
            .ToList());

    [Fact]
    public void A_chinese_user_reads_the_visits_in_chinese_and_an_english_user_in_english_never_as_codes()
    {
        Assert.Equal([("术前", "术前"), ("第 1 天", "术后第 1 天"), ("1 个月", "术后 1 个月"), ("12 个月", "术后 12 个月")], AxisIn("zh-CN"));
        Assert.Equal([("Pre-op", "Before surgery"), ("Day 1", "Day 1"), ("1 month", "1 month"), ("12 months", "12 months")], AxisIn("en"));
    }
}
