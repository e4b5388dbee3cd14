using System.Text.Json;
using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Data.StudyCsv;

namespace PvpRegistry.Core.Tests.Statistics;

/// <summary>
/// The study analysis on the demo cohort against R (every value of cohort-demo.json is compared through
/// `pvp study`'s JSON in Cli.Tests): study-reference.json (TestData/make-study-reference.R: VAS by visit, tumour chi-square,
/// preop VAS t, KM limits, prognostic index, forward-LR selection) and tests-reference.json (Fisher).
/// </summary>
public class StudyAnalysisTests
{
    private static readonly Lazy<IReadOnlyList<StudyRecord>> Cohort = new(() =>
    {
        using var text = new StreamReader(ReferenceData.PathOf("cohort-demo.csv"));
        var (rows, problems) = StudyCsvFormat.Read(text, FollowUpSchedule.Default);
        Assert.Empty(problems);
        return rows.Select(r => r.Record).ToArray();
    });

    private static readonly Lazy<StudyResult> Result = new(() => StudyAnalysis.Run(Cohort.Value));
    private static readonly Lazy<JsonElement> Extra = new(() => JsonReference.Load("study-reference.json"));

    [Fact]
    public void The_study_offers_the_exact_test_where_expected_counts_are_small_as_SPSS_does()
    {
        var baseline = Result.Value.Baseline;
        var (_, expected) = FisherFreemanHaltonTests.Case("tumour");
        Assert.True(baseline.PrimaryTumor.ChiSquare!.CellsExpectedBelow5 > 0);
        Assert.True(baseline.PrimaryTumor.Exact!.IsExact);
        Assert.True(Math.Abs(baseline.PrimaryTumor.Exact.P - expected) <= 1e-9 * expected);
        foreach (var tab in new[] { baseline.Sex, baseline.MetastaticSite, baseline.Segments })
            Assert.Equal(tab.ChiSquare!.CellsExpectedBelow5 > 0, tab.Exact is not null);
    }

    [Fact]
    public void The_VAS_anova_says_how_many_it_leaves_out_for_a_death_within_12_months_and_for_a_missed_visit()
    {
        var vas = Result.Value.Vas;
        Assert.True(vas.RmAnova!.Excluded > 0);
        Assert.Equal(vas.RmAnova.Excluded, vas.RmAnovaExcludedDied + vas.RmAnovaExcludedOther);
        int died = Cohort.Value.Count(r => StudyAnalysis.RmAnovaVisits.Any(v => r.Vas[(int)v] is null) && r.Dead && r.Survival.Days < 365.25);
        Assert.Equal(died, vas.RmAnovaExcludedDied);
        Assert.True(died > 0);
    }

    [Fact]
    public void Table_1_keeps_the_mean_and_sd_of_the_only_group_a_cohort_has()
    {
        var pvpI125 = Cohort.Value.Where(r => r.Group == TreatmentGroup.PvpI125).ToArray();
        var baseline = StudyAnalysis.Run(pvpI125).Baseline;
        Assert.Null(baseline.Age); // no t-test with one group
        var age = baseline.AgeByGroup.Single(g => g.Group == "pvp_i125").Summary!;
        Assert.Equal(pvpI125.Length, age.N);
        Assert.Equal(pvpI125.Average(r => r.Age), age.Mean, 9);
        Assert.NotNull(age.Sd);
        Assert.Null(baseline.AgeByGroup.Single(g => g.Group == "pvp").Summary);
        Assert.NotNull(baseline.VasPreopByGroup.Single(g => g.Group == "pvp_i125").Summary);
        Assert.NotNull(baseline.KpsPreopByGroup.Single(g => g.Group == "pvp_i125").Summary);
    }

    [Fact]
    public void Ordinal_factor_levels_read_in_their_clinical_order()
    {
        var survival = Result.Value.Survival;
        Assert.Equal(["1", "2", ">=3"], survival.Single(f => f.Factor == "segment_band").InClinicalOrder.Select(g => g.Name));
        Assert.Equal(["slow", "moderate", "rapid"], survival.Single(f => f.Factor == "primary_growth").InClinicalOrder.Select(g => g.Name));
        Assert.Equal(["<=60", ">60"], survival.Single(f => f.Factor == "age_band").InClinicalOrder.Select(g => g.Name));
        Assert.Equal(["1", "2", ">=3"], StudyAnalysis.InClinicalOrder("segments", Result.Value.Baseline.Segments.Table.RowLevels, l => l));
    }

    private static void Close(double expected, double? actual, double rtol, string what)
    {
        Assert.True(actual is not null, $"{what}: expected {expected}, got null");
        Assert.True(Math.Abs(actual!.Value - expected) <= rtol * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R}");
    }

    [Fact]
    public void Survival_factors_and_their_levels_come_in_the_reference_order()
    {
        var reference = JsonReference.Load("cohort-demo.json").GetProperty("km").EnumerateArray().ToArray();
        Assert.Equal(reference.Select(f => f.GetProperty("factor").GetString()), Result.Value.Survival.Select(f => f.Factor));
        Assert.Equal(reference.Select(f => f.GetProperty("factor").GetString()), StudyAnalysis.FactorKeys);
        for (int k = 0; k < reference.Length; k++)
            Assert.Equal(reference[k].GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()),
                Result.Value.Survival[k].Groups.Select(g => g.Name));
    }

    [Fact]
    public void VAS_mean_and_SD_by_visit_and_group_match_R_including_36_months()
    {
        var expected = Extra.Value.GetProperty("vas_by_visit").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, Result.Value.Vas.ByVisit.Count);
        for (int v = 0; v < expected.Length; v++)
        {
            var visit = Result.Value.Vas.ByVisit[v];
            Assert.Equal(expected[v].GetProperty("visit").GetString(), visit.Code);
            var groups = expected[v].GetProperty("groups").EnumerateArray().ToArray();
            for (int g = 0; g < groups.Length; g++)
            {
                var summary = visit.Groups[g].Summary;
                Assert.Equal(groups[g].GetProperty("group").GetString(), visit.Groups[g].Group);
                Assert.Equal(groups[g].GetProperty("n").GetInt32(), summary!.N);
                Close(groups[g].GetProperty("mean").GetDouble(), summary.Mean, 1e-9, $"{visit.Code} {visit.Groups[g].Group} mean");
                Close(groups[g].GetProperty("sd").GetDouble(), summary.Sd, 1e-9, $"{visit.Code} {visit.Groups[g].Group} sd");
            }
        }
    }

    [Fact]
    public void Baseline_tumour_chi_square_preop_VAS_t_and_sex_Fisher_match_R()
    {
        var b = Result.Value.Baseline;
        var tumor = Extra.Value.GetProperty("tumor_chisq");
        Close(tumor.GetProperty("chisq").GetDouble(), b.PrimaryTumor.ChiSquare!.ChiSquare, 1e-9, "tumour chi-square");
        Assert.Equal(tumor.GetProperty("df").GetInt32(), b.PrimaryTumor.ChiSquare.Df);
        Close(tumor.GetProperty("p").GetDouble(), b.PrimaryTumor.ChiSquare.P, 1e-6, "tumour p");

        var vas = Extra.Value.GetProperty("vas_preop_t");
        Close(vas.GetProperty("t").GetDouble(), b.VasPreop!.Student.T, 1e-9, "preop VAS t");
        Close(vas.GetProperty("p").GetDouble(), b.VasPreop.Student.P, 1e-6, "preop VAS p");
        Close(vas.GetProperty("ci_lower").GetDouble(), b.VasPreop.Student.CiLower, 1e-6, "preop VAS CI lower");
        Close(vas.GetProperty("welch").GetProperty("df").GetDouble(), b.VasPreop.Welch.Df, 1e-9, "preop VAS Welch df");
        Close(vas.GetProperty("welch").GetProperty("p").GetDouble(), b.VasPreop.Welch.P, 1e-6, "preop VAS Welch p");

        var fisher = TestsReference.Reference.At("fisher.cohort_sex");
        Close(fisher.GetProperty("p").GetDouble(), b.Sex.Fisher!.P, 1e-6, "sex Fisher p");
        Close(fisher.GetProperty("p_greater").GetDouble(), b.Sex.Fisher.PGreater, 1e-6, "sex Fisher p greater");
        Assert.Null(b.Segments.Fisher); // 3 x 2: chi-square only
    }

    [Fact]
    public void Survival_limits_at_6_12_and_36_months_match_R_log_limits()
    {
        var byGroup = Result.Value.Survival.Single(f => f.Factor == "group");
        foreach (var expected in Extra.Value.GetProperty("km_group_limits").EnumerateArray())
        {
            var group = byGroup.Groups.Single(g => g.Name == expected.GetProperty("name").GetString());
            var lower = expected.GetProperty("lower").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var upper = expected.GetProperty("upper").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int i = 0; i < 3; i++)
            {
                Close(lower[i], group.AtTimes[i].Lower, 1e-6, $"{group.Name} lower at {group.AtTimes[i].Time}");
                Close(upper[i], group.AtTimes[i].Upper, 1e-6, $"{group.Name} upper at {group.AtTimes[i].Time}");
            }
        }
    }

    [Fact]
    public void Prognostic_index_of_every_patient_is_the_final_models_sum_of_b_x_as_R()
    {
        var expected = Extra.Value.GetProperty("prognostic_index").EnumerateArray().ToArray();
        var actual = Result.Value.Cox.PrognosticIndex;
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].GetProperty("study_id").GetString(), actual[i].StudyId);
            Close(expected[i].GetProperty("pi").GetDouble(), actual[i].Value, 1e-5, $"PI of {actual[i].StudyId}");
        }
    }

    [Fact]
    public void Forward_LR_selection_over_the_eight_factors_enters_what_R_enters()
    {
        var expected = Extra.Value.GetProperty("cox_stepwise");
        var stepwise = Result.Value.Cox.Stepwise!;
        Assert.Equal(CoxSelection.ForwardLikelihoodRatio, stepwise.Selection);
        var steps = expected.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(steps.Length, stepwise.Steps.Count);
        for (int i = 0; i < steps.Length; i++)
        {
            Assert.Equal(steps[i].GetProperty("action").GetString(), stepwise.Steps[i].Action == CoxStepAction.Entered ? "entered" : "removed");
            Assert.Equal(steps[i].GetProperty("covariate").GetString(), stepwise.Steps[i].Covariate);
            Close(steps[i].GetProperty("chisq").GetDouble(), stepwise.Steps[i].ChiSquare, 1e-5, $"step {i + 1} chi-square");
            Close(steps[i].GetProperty("p").GetDouble(), stepwise.Steps[i].P, 1e-5, $"step {i + 1} p");
        }
        var coefficients = expected.GetProperty("coefficients").EnumerateArray().ToArray();
        Assert.Equal(coefficients.Select(c => c.GetProperty("name").GetString()), stepwise.Model.Names);
        for (int k = 0; k < coefficients.Length; k++)
        {
            Close(coefficients[k].GetProperty("b").GetDouble(), stepwise.Model.Coefficients[k].B, 1e-5, $"{stepwise.Model.Names[k]} b");
            Close(coefficients[k].GetProperty("se").GetDouble(), stepwise.Model.Coefficients[k].SE, 1e-5, $"{stepwise.Model.Names[k]} se");
        }
        Close(expected.GetProperty("loglik").GetDouble(), stepwise.Model.LogLik, 1e-8, "log-likelihood");
        // Every factor of Table 4 was a candidate.
        Assert.Equal(StudyAnalysis.FactorKeys.Order(), Result.Value.Cox.StepwiseCoding.Select(c => c.Factor).Distinct().Order());
    }

    [Fact]
    public void Incomplete_VAS_series_are_excluded_from_the_ANOVA_and_said_so()
    {
        var anova = Result.Value.Vas.RmAnova!;
        Assert.Equal(JsonReference.Load("cohort-demo.json").GetProperty("vas_rm_anova").GetProperty("n").GetInt32(), anova.N);
        Assert.Equal(Cohort.Value.Count - anova.N, anova.Excluded);
        Assert.Contains(Result.Value.Notes, n => n.Text.Contains($"{anova.Excluded} of {Cohort.Value.Count} patients excluded", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cohort_of_one_group_gives_null_between_group_tests_with_notes_not_an_exception()
    {
        var pvpOnly = Cohort.Value.Where(r => r.Group == TreatmentGroup.Pvp).ToArray();
        var result = StudyAnalysis.Run(pvpOnly);
        Assert.Null(result.Baseline.Age);
        Assert.Null(result.Survival.Single(f => f.Factor == "group").LogRank);
        Assert.NotNull(result.Survival.Single(f => f.Factor == "sex").LogRank);
        var age = Assert.Single(result.Notes, n => n.Text.StartsWith("T-test of age between groups not computed", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Text.Contains("group_pvp_i125 does not vary", StringComparison.Ordinal));
        // The reason is coded where the engine found it, with the counts it names: a report words it in its own language.
        Assert.Equal(new RegistryMessage("stats_t_too_few", pvpOnly.Length, 0).English, age.Reason?.English);
        Assert.EndsWith(age.Reason!.English, age.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_cohort_is_refused()
        => Assert.ThrowsAny<ArgumentException>(() => StudyAnalysis.Run([]));

    [Fact]
    public void The_comparer_reports_the_path_of_a_wrong_number_and_of_a_missing_key()
    {
        var reference = JsonDocument.Parse("""{"km":[{"factor":"sex","groups":[{"name":"male","median":2.5}]}]}""").RootElement;
        var wrong = JsonDocument.Parse("""{"km":[{"factor":"sex","groups":[{"name":"male","median":2.6}]}]}""").RootElement;
        var missing = JsonDocument.Parse("""{"km":[{"factor":"sex","groups":[{"name":"male"}]}]}""").RootElement;
        var e1 = Assert.ThrowsAny<Exception>(() => JsonReference.AssertMatches(reference, wrong, _ => 1e-6));
        Assert.Contains("$.km[0].groups[0].median: expected 2.5, got 2.6", e1.Message);
        var e2 = Assert.ThrowsAny<Exception>(() => JsonReference.AssertMatches(reference, missing, _ => 1e-6));
        Assert.Contains("$.km[0].groups[0].median: missing", e2.Message);
        Assert.Equal(3, JsonReference.AssertMatches(reference, reference, _ => 1e-6)); // factor, name, median
    }
}
