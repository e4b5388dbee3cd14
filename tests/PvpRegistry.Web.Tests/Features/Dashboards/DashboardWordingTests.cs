using Bunit;
using PvpRegistry.Core;
using PvpRegistry.Reports;
using PvpRegistry.Reports.Figures;
using PvpRegistry.Web.Features.Dashboards;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Dashboards;

/// <summary>What the panels say on the demo cohort and on filters that leave one group or nobody.</summary>
public class DashboardWordingTests(DemoDashboard demo) : BunitTestBase, IClassFixture<DemoDashboard>
{
    [Fact]
    public void Table_1_filtered_to_one_group_shows_that_groups_mean_and_sd()
    {
        var view = DashboardService.Compute(demo.Snapshot, DashboardFilter.Default with { Group = TreatmentGroup.PvpI125 }, DateTime.UtcNow);
        var panel = Context.Render<BaselinePanel>(p => p.Add(x => x.View, view));
        var ages = view.Result!.Baseline.AgeByGroup.Single(g => g.Group == "pvp_i125").Summary!;
        Assert.Equal(Formats.MeanSd(ages, 1), panel.Find("[data-testid=baseline-age-pvp_i125]").TextContent);
        Assert.Contains(" ± ", panel.Find("[data-testid=baseline-vas-pvp_i125]").TextContent);
        Assert.Contains(" ± ", panel.Find("[data-testid=baseline-kps-pvp_i125]").TextContent);
        Assert.Equal(Formats.Missing, panel.Find("[data-testid=baseline-age-pvp]").TextContent);
    }

    [Fact]
    public void The_sparse_tumour_table_offers_the_fisher_freeman_halton_p()
    {
        var panel = Context.Render<BaselinePanel>(p => p.Add(x => x.View, demo.View));
        var exact = demo.View.Result!.Baseline.PrimaryTumor.Exact!;
        Assert.Contains($"exact p = {Formats.P(exact.P)}", panel.Find("[data-testid=baseline-primary_tumor-exact]").TextContent);
        Assert.Contains("Fisher-Freeman-Halton", panel.Markup);
    }

    [Fact]
    public void An_analysis_the_data_cannot_support_says_why_in_the_viewers_language()
    {
        // A status date before the procedure (a typing error): the analysis refuses the cohort, naming the patient.
        var first = demo.Snapshot.Patients.First(p => p.Record is not null).Record!;
        var broken = demo.Snapshot with
        {
            Patients = demo.Snapshot.Patients.Select(p => p.Record == first ? p with { Record = first with { StatusDate = first.ProcedureDate.AddDays(-1) } } : p).ToArray(),
        };
        var view = DashboardService.Compute(broken, DashboardFilter.Default, DateTime.UtcNow);
        Assert.Equal(DashboardProblem.AnalysisFailed, view.Problem);

        var chinese = InCulture("zh-CN", () => Context.Render<BaselinePanel>(p => p.Add(x => x.View, view)));
        Assert.Contains($"无法对此队列进行分析：患者 {first.StudyId}：状态日期早于手术日期。", chinese.Markup);
        var english = InCulture("en", () => Context.Render<BaselinePanel>(p => p.Add(x => x.View, view)));
        Assert.Contains($"The analysis could not be run on this cohort: Patient {first.StudyId}: the status date is before the procedure.", english.Markup);
    }

    [Fact]
    public void The_pain_panel_says_how_many_the_anova_leaves_out_and_why()
    {
        var panel = Context.Render<PainPanel>(p => p.Add(x => x.View, demo.View));
        var vas = demo.View.Result!.Vas;
        var text = panel.Find("[data-testid=rm-anova-excluded]").TextContent;
        Assert.Contains($"{vas.RmAnova!.Excluded} of {demo.View.N} excluded", text);
        Assert.Contains($"{vas.RmAnovaExcludedDied} died within 12 months", text);
    }

    [Fact]
    public void Patients_without_a_preop_KPS_are_counted_where_the_survival_and_prognosis_panels_leave_them_out()
    {
        // Two patients whose preop KPS was not taken: the KPS factor's curves and the stepwise Cox leave them out, and say so.
        var withoutKps = demo.Snapshot with
        {
            Patients = demo.Snapshot.Patients.Select((p, i) => i < 2 && p.Record is { } r
                ? p with { Record = r with { Kps = r.Kps.Select((k, v) => v == (int)VisitCode.Preop ? null : k).ToArray() } }
                : p).ToArray(),
        };
        var view = DashboardService.Compute(withoutKps, DashboardFilter.Default, DateTime.UtcNow);
        Assert.Equal(demo.View.N, view.N);

        var survival = Context.Render<SurvivalPanel>(p => p.Add(x => x.View, view).Add(x => x.FactorKey, "kps_band"));
        Assert.Contains("2 patients without a value for this factor are left out.", survival.Markup);
        Assert.Equal(view.N - 2, view.Result!.Survival.Single(f => f.Factor == "kps_band").Groups.Sum(g => g.Curve.N));

        var prognosis = Context.Render<PrognosisPanel>(p => p.Add(x => x.View, view));
        Assert.Contains($"stepwise on {view.N - 2} patients complete for all eight factors (2 excluded)", prognosis.Markup);
    }

    [Fact]
    public void A_filter_nobody_matches_says_so_on_every_panel()
    {
        var view = DashboardService.Compute(demo.Snapshot, DashboardFilter.Default with { EnrolledFrom = new DateOnly(2999, 1, 1) }, DateTime.UtcNow);
        Assert.Equal(DashboardProblem.NoMatch, view.Problem);
        Assert.Contains("No patient matches the filter", Context.Render<SurvivalPanel>(p => p.Add(x => x.View, view)).Markup);
        Assert.Contains("No patient matches the filter", Context.Render<BaselinePanel>(p => p.Add(x => x.View, view)).Markup);
    }

    [Fact]
    public void The_completeness_panel_shows_the_rule_count_and_links_to_the_quality_page()
    {
        var panel = Context.Render<CompletenessPanel>(p => p.Add(x => x.View, demo.View).Add(x => x.RuleIssues, 7));
        var link = panel.Find("[data-testid=quality-violations] a");
        Assert.Equal("/quality", link.GetAttribute("href"));
        Assert.Equal("7 violation(s) and deviation(s) on the data quality page", link.TextContent.Trim());
    }

    [Fact]
    public void The_completeness_axis_of_an_empty_cohort_has_whole_distinct_ticks()
    {
        var view = DashboardService.Compute(demo.Snapshot, DashboardFilter.Default with { EnrolledFrom = new DateOnly(2999, 1, 1) }, DateTime.UtcNow);
        var panel = Context.Render<CompletenessPanel>(p => p.Add(x => x.View, view));
        var ticks = panel.FindAll("[data-testid=completeness-figure] text").Select(t => t.TextContent.Trim())
            .Where(t => t.Length > 0 && t.All(char.IsDigit)).ToList();
        Assert.NotEmpty(ticks);
        Assert.Equal(ticks.Distinct().Count(), ticks.Count);
    }

    [Theory]
    [InlineData("segment_band", new[] { "1 segment", "2 segments", "≥3 segments" })]
    [InlineData("primary_growth", new[] { "Slow growth", "Moderate growth", "Rapid growth" })]
    public void The_survival_panel_shows_levels_in_clinical_order_and_NR_for_a_limit_not_reached(string factor, string[] order)
    {
        var panel = Context.Render<SurvivalPanel>(p => p.Add(x => x.View, demo.View).Add(x => x.FactorKey, factor));
        var heads = panel.FindAll("[data-testid^=survival-head-]").Select(h => h.TextContent).ToArray();
        Assert.Equal(order, heads);
        var figure = panel.Find("[data-testid=km-figure]").InnerHtml;
        Assert.True(figure.IndexOf(order[0], StringComparison.Ordinal) < figure.IndexOf(order[1], StringComparison.Ordinal));
        foreach (var g in demo.View.Result!.Survival.Single(f => f.Factor == factor).Groups)
        {
            var median = panel.Find($"[data-testid='median-{g.Name}']").TextContent;
            Assert.DoesNotContain("- -", median);
            if (g.Curve.MedianUpper is null) Assert.Contains("NR)", median);
        }
    }
}
