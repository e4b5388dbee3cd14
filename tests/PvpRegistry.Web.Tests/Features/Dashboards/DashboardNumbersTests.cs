using Bunit;
using System.Globalization;
using System.Text.Json;
using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Reports;
using PvpRegistry.Web.Features.Dashboards;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Dashboards;

/// <summary>The numbers of every panel equal pvp study's (StudyAnalysis on the demo CSV) and R's reference results.</summary>
public class DashboardNumbersTests(DemoDashboard demo) : BunitTestBase, IClassFixture<DemoDashboard>
{
    private StudyResult Result => demo.View.Result!;
    private StudyResult Reference => demo.Reference;

    [Fact]
    public void The_dashboard_result_is_the_study_analysis_of_the_same_patients()
    {
        Assert.NotNull(demo.View.Result);
        Assert.Equal(Reference.N, demo.View.N);
        var expected = Flatten(Reference);
        var actual = Flatten(Result);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Name, actual[i].Name);
            Assert.True(Same(expected[i].Value, actual[i].Value), $"{expected[i].Name}: pvp study {expected[i].Value:R}, dashboard {actual[i].Value:R}");
        }
    }

    [Fact]
    public void The_dashboard_numbers_agree_with_the_R_reference()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "cohort-demo.json")));
        var root = json.RootElement;
        Assert.Equal(root.GetProperty("n").GetInt32(), demo.View.N);
        foreach (var km in root.GetProperty("km").EnumerateArray())
        {
            var factor = Result.Survival.Single(f => f.Factor == km.GetProperty("factor").GetString());
            Close(km.GetProperty("logrank_p"), factor.LogRank?.P, factor.Factor);
            foreach (var g in km.GetProperty("groups").EnumerateArray())
            {
                var group = factor.Groups.Single(x => x.Name == g.GetProperty("name").GetString());
                Assert.Equal(g.GetProperty("n").GetInt32(), group.Curve.N);
                Assert.Equal(g.GetProperty("events").GetInt32(), group.Curve.Events);
                Close(g.GetProperty("median"), group.Curve.Median, $"{factor.Factor}/{group.Name} median");
                Close(g.GetProperty("median_lower"), group.Curve.MedianLower, $"{factor.Factor}/{group.Name} median lower");
                Close(g.GetProperty("median_upper"), group.Curve.MedianUpper, $"{factor.Factor}/{group.Name} median upper");
                foreach (var t in new[] { 6, 12, 36 })
                    Close(g.GetProperty($"survival_{t}"), group.AtTimes.Single(p => p.Time == t).Survival, $"{factor.Factor}/{group.Name} S({t})");
            }
        }
        foreach (var c in root.GetProperty("cox_breslow").GetProperty("coefficients").EnumerateArray())
        {
            var coefficient = Result.Cox.FinalModel!.Coefficients.Single(x => x.Name == c.GetProperty("name").GetString());
            Close(c.GetProperty("b"), coefficient.B, coefficient.Name);
            Close(c.GetProperty("hr_lower"), coefficient.HazardRatioLower, coefficient.Name);
        }
        var anova = root.GetProperty("vas_rm_anova");
        Assert.Equal(anova.GetProperty("n").GetInt32(), Result.Vas.RmAnova!.N);
        Close(anova.GetProperty("time").GetProperty("f"), Result.Vas.RmAnova.Time.F, "time F");
        Close(anova.GetProperty("epsilon_gg"), Result.Vas.RmAnova.EpsilonGreenhouseGeisser, "GG");
        Close(root.GetProperty("baseline").GetProperty("site_chisq").GetProperty("p"), Result.Baseline.MetastaticSite.ChiSquare!.P, "site chi-square");
        Close(root.GetProperty("kps_1m_between").GetProperty("p"), Result.Kps.Between1Month!.Student.P, "KPS 1m");
    }

    [Fact]
    public void The_survival_panel_shows_pvp_studys_table_4_for_every_factor()
    {
        foreach (var factor in Reference.Survival)
        {
            var panel = Context.Render<SurvivalPanel>(p => p.Add(x => x.View, demo.View).Add(x => x.FactorKey, factor.Factor));
            var table = panel.Find("[data-testid=survival-table]").TextContent;
            foreach (var g in factor.Groups)
            {
                Assert.Equal(Formats.FactorLevel(factor.Factor, g.Name), panel.Find($"[data-testid='survival-head-{g.Name}']").TextContent);
                Assert.Equal(g.Curve.N.ToString(CultureInfo.InvariantCulture), panel.Find($"[data-testid='n-{g.Name}']").TextContent);
                Assert.Equal(g.Curve.Events.ToString(CultureInfo.InvariantCulture), panel.Find($"[data-testid='events-{g.Name}']").TextContent);
                foreach (var at in g.AtTimes)
                    Assert.Equal(Formats.Survival(at), panel.Find($"[data-testid='surv-{g.Name}-{Formats.Number(at.Time, 0)}']").TextContent);
                Assert.Equal(Formats.MedianWithCi(g.Curve), panel.Find($"[data-testid='median-{g.Name}']").TextContent);
                Assert.Contains($"n = {g.Curve.N})", panel.Find("[data-testid=km-figure]").InnerHtml);
            }
            Assert.Contains(factor.LogRank is { } lr ? $"{Formats.PLabel(lr.P)}" : "not computed", panel.Find("[data-testid=survival-logrank]").TextContent);
            Assert.Contains($"n = {Reference.N}", panel.Find("[data-testid=survival-n]").TextContent);
            Assert.NotEmpty(table);
        }
    }

    [Fact]
    public void The_pain_panel_shows_the_rm_anova_and_visit_summaries_of_pvp_study()
    {
        var panel = Context.Render<PainPanel>(p => p.Add(x => x.View, demo.View));
        var anova = panel.Find("[data-testid=rm-anova]").TextContent;
        var a = Reference.Vas.RmAnova!;
        foreach (var test in new[] { a.Time, a.Between, a.Interaction })
        {
            Assert.Contains(Formats.Statistic(test.F), anova);
            Assert.Contains(Formats.P(test.PGreenhouseGeisser), anova);
        }
        Assert.Contains($"n complete cases = {a.N}", panel.Markup);
        // p (HF) by SPSS's 1976 formula, named, with Lecoutre's epsilon beside it.
        Assert.Contains(Formats.P(a.Time.PHuynhFeldtSpss), anova);
        Assert.Contains($"ε = {Formats.Number(a.EpsilonHuynhFeldtSpss, 3)}, Huynh &amp; Feldt 1976, as SPSS; Lecoutre 1991, as R: {Formats.Number(a.EpsilonHuynhFeldt, 3)}", panel.Markup);
        for (int i = 0; i < Reference.Vas.ByVisit.Count; i++)
        {
            var visit = Reference.Vas.ByVisit[i];
            var row = panel.Find($"[data-testid='vas-row-{visit.Code}']").TextContent;
            foreach (var g in visit.Groups.Where(g => g.Summary is not null)) Assert.Contains(Formats.MeanSd(g.Summary, 2), row);
            if (Reference.Vas.BetweenGroupsByVisit[i].Test is { } t) Assert.Contains(Formats.P(t.Welch.P), row);
        }
    }

    [Fact]
    public void The_function_panel_shows_table_3_of_pvp_study()
    {
        var panel = Context.Render<FunctionPanel>(p => p.Add(x => x.View, demo.View));
        foreach (var g in Reference.Kps.WithinGroups)
        {
            var row = panel.Find($"[data-testid='kps-row-{g.Group}']").TextContent;
            Assert.Contains(Formats.Statistic(g.Test!.Test.T), row);
            Assert.Contains(Formats.P(g.Test.Test.P), row);
            Assert.Contains(Formats.MeanSd(g.Test.Second, 1), row);
        }
        var between = panel.Find("[data-testid=kps-between]").TextContent;
        Assert.Contains(Formats.Statistic(Reference.Kps.Between1Month!.Student.T), between);
        Assert.Contains(Formats.Statistic(Reference.Kps.Between1Month.Welch.T), between);
    }

    [Fact]
    public void The_baseline_panel_shows_table_1_with_the_tests_named()
    {
        var panel = Context.Render<BaselinePanel>(p => p.Add(x => x.View, demo.View));
        var text = panel.Find("[data-testid=baseline-table]").TextContent;
        var b = Reference.Baseline;
        Assert.Contains(Formats.MeanSd(b.Age!.Group1, 1), text);
        Assert.Contains($"{Formats.P(b.Age.Student.P)} ({Formats.P(b.Age.Welch.P)})", text);
        foreach (var tab in new[] { b.Sex, b.PrimaryTumor, b.MetastaticSite, b.Segments })
        {
            var row = panel.Find($"[data-testid='baseline-{tab.Variable}']").TextContent;
            Assert.Contains("Pearson χ²", row);
            Assert.Contains(Formats.P(tab.ChiSquare!.P), row);
            if (tab.Fisher is { } f) Assert.Contains(Formats.P(f.P), row);
        }
        Assert.Contains("Student t (Welch)", text);
    }

    [Fact]
    public void The_prognosis_panel_shows_an_infinite_coefficient_as_not_estimable_with_a_footnote()
    {
        // PVP alone, sacral metastases: nobody aged 60 or under died, so age_level's coefficient goes to -infinity.
        var filter = DashboardFilter.Default with { Group = TreatmentGroup.Pvp, Site = MetastaticSite.Sacral };
        var view = DashboardService.Compute(demo.Snapshot, filter, DateTime.UtcNow);
        var panel = Context.Render<PrognosisPanel>(p => p.Add(x => x.View, view));

        var row = panel.Find("[data-testid='cox-final-age_level']");
        Assert.Contains("not-estimable", row.ClassName);
        Assert.Equal(2, row.TextContent.Split(Formats.NotEstimable).Length - 1);
        var footnote = panel.Find("[data-testid=cox-final-not-estimable]").TextContent;
        Assert.Contains("Not estimable: Age > 60 years.", footnote);
        Assert.Contains("may be infinite", footnote);
        Assert.Contains("not estimable", panel.Find("[data-testid=forest-figure]").InnerHtml);
    }

    [Fact]
    public void The_prognosis_panel_shows_the_coefficients_R_warns_about_after_converging_as_not_estimable_and_the_others_as_estimates()
    {
        // Breast cancer with lumbosacral metastases: R converges and warns "Loglik converged before variable 2,3" (growth, segments).
        var view = DashboardService.Compute(demo.Snapshot, DashboardFilter.Default with { PrimaryTumor = PrimaryTumor.Breast, Site = MetastaticSite.Lumbosacral }, DateTime.UtcNow);
        var fit = view.Result!.Cox.FinalModel!;
        Assert.True(fit.Converged);
        var panel = Context.Render<PrognosisPanel>(p => p.Add(x => x.View, view));

        var age = panel.Find("[data-testid='cox-final-age_level']");
        Assert.DoesNotContain("not-estimable", age.ClassName ?? "");
        Assert.Contains(Formats.Cox(fit.Coefficients[0].B), age.TextContent);
        foreach (var name in new[] { "growth_level", "segment_level" })
            Assert.Contains("not-estimable", panel.Find($"[data-testid='cox-final-{name}']").ClassName);
        var footnote = panel.Find("[data-testid=cox-final-not-estimable]").TextContent;
        Assert.Contains($"Not estimable: {view.Result.Cox.LabelOf("growth_level")}, {view.Result.Cox.LabelOf("segment_level")}.", footnote);
    }

    [Fact]
    public void The_prognosis_panel_labels_covariates_codes_them_in_a_footnote_and_says_which_model_is_which()
    {
        var panel = Context.Render<PrognosisPanel>(p => p.Add(x => x.View, demo.View));
        var ageRow = panel.Find("[data-testid='cox-final-age_level']").TextContent;
        Assert.Contains("Age > 60 years", ageRow);
        Assert.DoesNotContain("age_level", ageRow);
        foreach (var raw in new[] { "age_level", "growth_level", "segment_level" })
        {
            Assert.DoesNotContain(raw, panel.Find("[data-testid=cox-final]").TextContent);
            Assert.DoesNotContain(raw, panel.Find("[data-testid=forest-figure]").TextContent);
        }
        Assert.Contains("Primary tumour growth", panel.Find("[data-testid=forest-figure]").TextContent);
        Assert.Contains("Age > 60 years: 1 = age > 60, 0 = age <= 60", panel.Find("[data-testid=cox-final-coding]").TextContent);
        Assert.Contains("pre-specified", panel.Find("[data-testid=cox-final-why]").TextContent);
        Assert.Contains("prognostic index", panel.Find("[data-testid=cox-final-why]").TextContent);
        Assert.Contains("not used for the prognostic index", panel.Find("[data-testid=cox-stepwise-why]").TextContent);
    }

    [Fact]
    public void The_prognosis_panel_of_an_empty_cohort_names_no_method()
    {
        var view = DashboardService.Compute(demo.Snapshot, DashboardFilter.Default with { EnrolledFrom = new DateOnly(2999, 1, 1) }, DateTime.UtcNow);
        var panel = Context.Render<PrognosisPanel>(p => p.Add(x => x.View, view));
        Assert.DoesNotContain("Efron", panel.Markup);
        Assert.DoesNotContain("Breslow", panel.Markup);
        Assert.Contains("No patient matches the filter", panel.Markup);
    }

    [Fact]
    public void The_prognosis_panel_shows_table_5_the_stepwise_selection_and_pi_tertiles()
    {
        var panel = Context.Render<PrognosisPanel>(p => p.Add(x => x.View, demo.View));
        foreach (var c in Reference.Cox.FinalModel!.Coefficients)
        {
            var row = panel.Find($"[data-testid='cox-final-{c.Name}']").TextContent;
            foreach (var v in new[] { c.B, c.SE, c.Wald, c.HazardRatio }) Assert.Contains(Formats.Cox(v), row);
            Assert.Contains(Formats.Ci(c.HazardRatioLower, c.HazardRatioUpper, 3), row);
            Assert.Contains(Formats.P(c.P), row);
        }
        var entered = panel.Find("[data-testid=cox-entered]").TextContent;
        foreach (var c in Reference.Cox.Stepwise!.Model.Coefficients) Assert.Contains(Reference.Cox.LabelOf(c.Name), entered);
        var pi = demo.View.Prognosis!;
        Assert.Equal(Reference.N, pi.Series.Sum(s => s.Curve.N));
        Assert.Equal(Reference.Survival[0].Groups.Sum(g => g.Curve.Events), pi.Series.Sum(s => s.Curve.Events));
        Assert.Equal(3, panel.FindAll("[data-testid=pi-table] tbody tr").Count);
    }

    [Fact]
    public void The_completeness_panel_counts_every_scheduled_visit_of_the_cohort()
    {
        var panel = Context.Render<CompletenessPanel>(p => p.Add(x => x.View, demo.View));
        Assert.Equal(7, panel.FindAll("[data-testid=completeness-table] tbody tr").Count);
        Assert.All(demo.View.Completeness, b => Assert.Equal(demo.View.CompletenessN, b.Total));
        // Every assessment of the demo file is a completed visit.
        var preop = demo.View.Completeness[0];
        Assert.Equal(Reference.Vas.ByVisit[0].Groups.Sum(g => g.Summary?.N ?? 0), preop.Completed);
    }

    [Fact]
    public void The_ci_toggle_and_the_factor_chooser_redraw_the_plot()
    {
        var panel = Context.Render<SurvivalPanel>(p => p.Add(x => x.View, demo.View));
        var withBands = panel.Find("[data-testid=km-figure]").InnerHtml;
        panel.Find("input[type=checkbox]").Change(false);
        var without = panel.Find("[data-testid=km-figure]").InnerHtml;
        Assert.True(without.Length < withBands.Length, "switching the bands off removes the band paths");
        Assert.Contains("Number at risk", without);
        Assert.Contains("Log-rank p = ", without);
        Assert.Contains("<title>", without); // hover regions
    }

    private static bool Same(double a, double b) =>
        a.Equals(b) || Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static void Close(JsonElement expected, double? actual, string what)
    {
        if (expected.ValueKind == JsonValueKind.Null) { Assert.True(actual is null, $"{what}: R has none, we have {actual}"); return; }
        Assert.True(actual is { } v && Math.Abs(v - expected.GetDouble()) <= 1e-6 * Math.Max(1, Math.Abs(expected.GetDouble())), $"{what}: R {expected.GetDouble():R}, dashboard {actual:R}");
    }

    /// <summary>Every number of a study result, named, in a fixed order.</summary>
    private static List<(string Name, double Value)> Flatten(StudyResult r)
    {
        var list = new List<(string, double)> { ("n", r.N) };
        void T(string name, IndependentTTestResult? t)
        {
            if (t is null) { list.Add((name, double.NaN)); return; }
            list.AddRange([($"{name}.t", t.Student.T), ($"{name}.p", t.Student.P), ($"{name}.welch.p", t.Welch.P), ($"{name}.m1", t.Group1.Mean), ($"{name}.m2", t.Group2.Mean)]);
        }
        T("age", r.Baseline.Age);
        T("vas_preop", r.Baseline.VasPreop);
        T("kps_preop", r.Baseline.KpsPreop);
        foreach (var tab in new[] { r.Baseline.Sex, r.Baseline.PrimaryTumor, r.Baseline.MetastaticSite, r.Baseline.Segments })
        {
            foreach (var c in tab.Table.Counts) list.Add(($"{tab.Variable}.count", c));
            list.Add(($"{tab.Variable}.chisq", tab.ChiSquare?.ChiSquare ?? double.NaN));
            list.Add(($"{tab.Variable}.fisher", tab.Fisher?.P ?? double.NaN));
        }
        foreach (var v in r.Vas.ByVisit)
            foreach (var g in v.Groups)
                list.AddRange([($"vas.{v.Code}.{g.Group}.n", g.Summary?.N ?? -1), ($"vas.{v.Code}.{g.Group}.mean", g.Summary?.Mean ?? double.NaN), ($"vas.{v.Code}.{g.Group}.sd", g.Summary?.Sd ?? double.NaN)]);
        foreach (var v in r.Vas.BetweenGroupsByVisit) T($"vas.{v.Code}.t", v.Test);
        var a = r.Vas.RmAnova!;
        list.AddRange([("rm.n", a.N), ("rm.time.f", a.Time.F), ("rm.time.gg", a.Time.PGreenhouseGeisser ?? double.NaN), ("rm.time.hf", a.Time.PHuynhFeldt ?? double.NaN),
            ("rm.between.f", a.Between.F), ("rm.between.p", a.Between.P), ("rm.inter.f", a.Interaction.F), ("rm.inter.gg", a.Interaction.PGreenhouseGeisser ?? double.NaN)]);
        foreach (var g in r.Kps.WithinGroups) list.AddRange([($"kps.{g.Group}.t", g.Test?.Test.T ?? double.NaN), ($"kps.{g.Group}.p", g.Test?.Test.P ?? double.NaN)]);
        T("kps_1m", r.Kps.Between1Month);
        foreach (var f in r.Survival)
        {
            list.AddRange([($"km.{f.Factor}.chisq", f.LogRank?.ChiSquare ?? double.NaN), ($"km.{f.Factor}.p", f.LogRank?.P ?? double.NaN), ($"km.{f.Factor}.excluded", f.Excluded)]);
            foreach (var g in f.Groups)
            {
                string k = $"km.{f.Factor}.{g.Name}";
                list.AddRange([($"{k}.n", g.Curve.N), ($"{k}.events", g.Curve.Events), ($"{k}.median", g.Curve.Median ?? double.NaN),
                    ($"{k}.median_lower", g.Curve.MedianLower ?? double.NaN), ($"{k}.median_upper", g.Curve.MedianUpper ?? double.NaN)]);
                foreach (var p in g.AtTimes) list.AddRange([($"{k}.s{p.Time}", p.Survival), ($"{k}.lo{p.Time}", p.Lower ?? double.NaN), ($"{k}.hi{p.Time}", p.Upper ?? double.NaN)]);
                for (int i = 0; i < g.Curve.Time.Length; i++) list.AddRange([($"{k}.t[{i}]", g.Curve.Time[i]), ($"{k}.s[{i}]", g.Curve.Survival[i]), ($"{k}.r[{i}]", g.Curve.NRisk[i])]);
            }
        }
        foreach (var c in r.Cox.FinalModel!.Coefficients) list.AddRange([($"cox.{c.Name}.b", c.B), ($"cox.{c.Name}.se", c.SE), ($"cox.{c.Name}.hr", c.HazardRatio)]);
        foreach (var s in r.Cox.Stepwise!.Steps) list.AddRange([($"step.{s.Number}.{s.Covariate}", s.ChiSquare), ($"step.{s.Number}.p", s.P)]);
        foreach (var c in r.Cox.Stepwise.Model.Coefficients) list.Add(($"stepwise.{c.Name}.b", c.B));
        foreach (var pi in r.Cox.PrognosticIndex.OrderBy(p => p.StudyId, StringComparer.Ordinal)) list.Add(($"pi.{pi.StudyId}", pi.Value));
        list.Add(("spearman", r.SpearmanKpsPreopMonths?.Rho ?? double.NaN));
        return list;
    }
}
