using System.Text.Json;
using PvpRegistry.Core.Statistics;
using static PvpRegistry.Core.Tests.Statistics.TestsReference;

namespace PvpRegistry.Core.Tests.Statistics;

public class RepeatedMeasuresAnovaTests
{
    private const double Tolerance = 1e-6;

    private static readonly string[] ObkMeasures = ["pre", "post", "fup"];
    private static readonly string[] VasMeasures = ["vas_preop", "vas_day1", "vas_1m", "vas_3m", "vas_6m", "vas_12m"];

    private static RepeatedMeasuresAnovaResult Fit(CsvTable data, string group, string[] measures)
    {
        var columns = measures.Select(data.Numbers).ToArray();
        var rows = Enumerable.Range(0, data.Rows.Count)
            .Select(i => (IReadOnlyList<double?>)columns.Select(c => c[i]).ToArray()).ToArray();
        return RepeatedMeasuresAnova.Fit(data.Text(group), rows);
    }

    private static void AssertMatchesR(JsonElement expected, RepeatedMeasuresAnovaResult actual)
    {
        Assert.Equal(expected.At("n").GetInt32(), actual.N);
        foreach (var (key, test) in new[] { ("between", actual.Between), ("time", actual.Time), ("interaction", actual.Interaction) })
        {
            Close(expected, $"{key}.df", test.Df, Tolerance);
            Close(expected, $"{key}.df_error", test.DfError, Tolerance);
            Close(expected, $"{key}.f", test.F, Tolerance);
            Close(expected, $"{key}.p", test.P, Tolerance);
            if (key == "between") continue;
            Close(expected, $"{key}.p_gg", test.PGreenhouseGeisser!.Value, Tolerance);
            Close(expected, $"{key}.p_hf", test.PHuynhFeldt!.Value, Tolerance);
        }
        Close(expected, "epsilon_gg", actual.EpsilonGreenhouseGeisser, Tolerance);
        Close(expected, "epsilon_hf", actual.EpsilonHuynhFeldt, Tolerance);
        Close(expected, "ms_error", actual.MsError, Tolerance);
    }

    private static void AssertMauchlyMatchesR(JsonElement expected, MauchlyTest? actual)
    {
        Assert.NotNull(actual);
        Close(expected, "w", actual.W, 1e-9);
        Close(expected, "chisq", actual.ChiSquare, 1e-9);
        Assert.Equal(expected.At("df").GetInt32(), actual.Df);
        Close(expected, "p", actual.P, 1e-9);
    }

    [Theory]
    [InlineData("obk")]
    [InlineData("cohort_demo_vas")]
    public void Huynh_Feldt_epsilon_is_given_by_SPSS_1976_formula_and_by_Lecoutre_correction_as_R_car_computes_it(string name)
    {
        var expected = ReferenceData.Json("edge-reference", "huynh_feldt").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var result = name == "obk" ? Fit(ObkData, "treatment", ObkMeasures) : Fit(CohortData, "group", VasMeasures);

        Assert.Equal(expected.At("n").GetInt32(), result.N);
        Close(expected, "epsilon_gg", result.EpsilonGreenhouseGeisser, Tolerance);
        Close(expected, "epsilon_hf_1976", result.EpsilonHuynhFeldtSpss, Tolerance);
        Close(expected, "epsilon_hf_lecoutre", result.EpsilonHuynhFeldt, Tolerance);
        Close(expected, "epsilon_hf_car", result.EpsilonHuynhFeldt, Tolerance); // R's car computes the same (below 1 in both designs)
        Assert.Equal(result.EpsilonHuynhFeldtSpss, result.EpsilonHuynhFeldtBy(HuynhFeldtFormula.Spss1976));
        Assert.Equal(result.Time.PHuynhFeldtSpss, result.Time.PHuynhFeldtBy(HuynhFeldtFormula.Spss1976));
        // The corrected p follows its own epsilon: F on df × epsilon.
        Assert.Equal(TestDistributions.FUpper(result.Time.F, result.Time.Df * result.EpsilonHuynhFeldtSpss, result.Time.DfError * result.EpsilonHuynhFeldtSpss),
            result.Time.PHuynhFeldtSpss!.Value, 12);
    }

    [Fact]
    public void The_two_Huynh_Feldt_formulas_differ_with_groups_as_the_obk_example_shows()
    {
        var result = Fit(ObkData, "treatment", ObkMeasures);
        Assert.Equal(1.0, result.EpsilonHuynhFeldtSpss);
        Assert.Equal(0.9939, result.EpsilonHuynhFeldt, 4);
        Assert.Equal(HuynhFeldtFormula.Spss1976, StudyAnalysisOptions.Default.HuynhFeldt);
    }

    [Fact]
    public void OBrien_Kaiser_data_match_R_type_III_with_GG_and_HF()
    {
        var result = Fit(ObkData, "treatment", ObkMeasures);

        AssertMatchesR(ObkReference.At("rmanova"), result);
        AssertMauchlyMatchesR(Reference.At("mauchly.obk"), result.Mauchly);
        Close(Reference, "mauchly.obk.p_mauchly_test", result.Mauchly!.P, 1e-9); // no second-order term with 3 levels
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void OBrien_Kaiser_group_sizes_and_cell_means_are_reported()
    {
        var result = Fit(ObkData, "treatment", ObkMeasures);

        Assert.Equal(["A", "B", "control"], result.Groups.Select(g => g.Group));
        Assert.Equal([4, 7, 5], result.Groups.Select(g => g.N));
        Assert.Equal(3, result.Levels);
        Assert.Equal(0, result.Excluded);
        var control = result.Groups[2];
        Assert.Equal(4.2, control.Means[0], 12);
        Assert.Equal(4.0, control.Means[1], 12);
        Assert.Equal(Descriptive.StandardDeviation([2.0, 4, 6, 5, 4]), control.Sds[0]!.Value, 12);
        Assert.Equal(0.5, result.EpsilonLowerBound);
    }

    [Fact]
    public void Cohort_VAS_over_six_visits_matches_the_study_reference()
    {
        var result = Fit(CohortData, "group", VasMeasures);

        AssertMatchesR(StudyReference.At("vas_rm_anova"), result);
        AssertMauchlyMatchesR(Reference.At("mauchly.cohort_vas"), result.Mauchly);
        Assert.Equal(62 - 40, result.Excluded);
    }

    [Fact]
    public void Subjects_with_a_missing_measure_or_group_are_left_out()
    {
        var groups = ObkData.Text("treatment").Append("A").Append(null).ToArray();
        var columns = ObkMeasures.Select(ObkData.Numbers).ToArray();
        var rows = Enumerable.Range(0, ObkData.Rows.Count)
            .Select(i => (IReadOnlyList<double?>)columns.Select(c => c[i]).ToArray())
            .Append([1.0, null, 3.0])
            .Append([1.0, 2.0, 3.0])
            .ToArray();

        var result = RepeatedMeasuresAnova.Fit(groups, rows);

        Assert.Equal(16, result.N);
        Assert.Equal(2, result.Excluded);
        AssertMatchesR(ObkReference.At("rmanova"), result);
    }

    [Fact]
    public void With_two_levels_and_two_groups_the_interaction_F_is_the_squared_t_of_the_changes()
    {
        var post = ObkData.Numbers("post");
        var pre = ObkData.Numbers("pre");
        var treatment = ObkData.Text("treatment");
        var keep = Enumerable.Range(0, treatment.Length).Where(i => treatment[i] != "B").ToArray();
        var rows = keep.Select(i => (IReadOnlyList<double?>)new[] { pre[i], post[i] }).ToArray();

        var result = RepeatedMeasuresAnova.Fit(keep.Select(i => treatment[i]).ToArray(), rows);

        var changeA = keep.Where(i => treatment[i] == "A").Select(i => post[i]!.Value - pre[i]!.Value).ToArray();
        var changeControl = keep.Where(i => treatment[i] == "control").Select(i => post[i]!.Value - pre[i]!.Value).ToArray();
        var t = TTests.Independent(changeA, changeControl).Student;
        Close(t.T * t.T, result.Interaction.F, 1e-12, "F = t^2");
        Close(t.P, result.Interaction.P, 1e-9, "p");
        Assert.Equal(1.0, result.EpsilonGreenhouseGeisser, 12);
        Assert.Equal(1.0, result.EpsilonHuynhFeldt);
        Assert.Null(result.Mauchly);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    public void Polynomial_contrasts_are_orthonormal_and_orthogonal_to_the_mean(int levels)
    {
        var c = RepeatedMeasuresAnova.OrthonormalPolynomial(levels);

        for (var a = 0; a < levels - 1; a++)
        {
            Assert.Equal(0.0, Enumerable.Range(0, levels).Sum(t => c[t, a]), 12);
            for (var b = 0; b < levels - 1; b++)
                Assert.Equal(a == b ? 1.0 : 0.0, Enumerable.Range(0, levels).Sum(t => c[t, a] * c[t, b]), 12);
        }
        Assert.Equal(-(levels - 1) / 2.0, c[0, 0] / (c[1, 0] - c[0, 0]), 12); // linear: equally spaced, increasing
    }

    [Fact]
    public void Too_few_subjects_for_the_Huynh_Feldt_epsilon_gives_a_warning_not_a_wrong_number()
    {
        IReadOnlyList<double?>[] rows = [[1.0, 2.0, 4.0], [2.0, 2.5, 3.0], [3.0, 5.0, 4.0], [1.0, 1.5, 3.5]];

        var result = RepeatedMeasuresAnova.Fit(["a", "a", "b", "c"], rows);

        Assert.Equal(1, result.N - result.Groups.Count);
        Assert.Equal(result.EpsilonGreenhouseGeisser, result.EpsilonHuynhFeldt);
        Assert.Null(result.Mauchly);
        Assert.Equal(["rm_anova_huynh_feldt", "rm_anova_mauchly"], result.Warnings.Select(w => w.Code));
        Assert.True(double.IsFinite(result.Time.P) && double.IsFinite(result.Interaction.PHuynhFeldt!.Value));
    }

    [Fact]
    public void Degenerate_designs_are_rejected_with_a_clear_message()
    {
        IReadOnlyList<double?>[] rows = [[1.0, 2.0], [2.0, 4.0], [3.0, 3.0]];

        var oneGroup = Assert.ThrowsAny<ArgumentException>(() => RepeatedMeasuresAnova.Fit(["a", "a", "a"], rows));
        Assert.Contains("at least 2 groups", oneGroup.Message);
        Assert.ThrowsAny<ArgumentException>(() => RepeatedMeasuresAnova.Fit(["a", "b", "c"], rows));
        Assert.ThrowsAny<ArgumentException>(() => RepeatedMeasuresAnova.Fit(["a", "b"], rows));
        Assert.ThrowsAny<ArgumentException>(() => RepeatedMeasuresAnova.Fit(["a", "b"], [[1.0], [2.0]]));
        IReadOnlyList<double?>[] parallel = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [0.0, 1.0]];
        var noWithinVariance = Assert.ThrowsAny<ArgumentException>(() => RepeatedMeasuresAnova.Fit(["a", "a", "b", "b"], parallel));
        Assert.Contains("within subjects", noWithinVariance.Message);
    }
}
