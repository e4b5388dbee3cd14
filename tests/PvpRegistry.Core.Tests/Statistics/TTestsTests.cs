using System.Text.Json;
using PvpRegistry.Core.Statistics;
using static PvpRegistry.Core.Tests.Statistics.TestsReference;

namespace PvpRegistry.Core.Tests.Statistics;

public class TTestsTests
{
    private const double Tolerance = 1e-9;

    private static readonly string?[] Group = CohortData.Text("group");

    private static double[] CohortValues(string column, string group) =>
        CohortData.Numbers(column).Where((v, i) => v.HasValue && Group[i] == group).Select(v => v!.Value).ToArray();

    private static void AssertMatches(JsonElement expected, TStatistic actual)
    {
        Close(expected, "t", actual.T, Tolerance);
        Close(expected, "df", actual.Df, Tolerance);
        Close(expected, "p", actual.P, Tolerance);
        Close(expected, "stderr", actual.StdError, Tolerance);
        var ci = expected.Numbers("conf_int");
        Close(ci[0], actual.CiLower, Tolerance, "conf_int lower");
        Close(ci[1], actual.CiUpper, Tolerance, "conf_int upper");
    }

    private static void AssertMatches(JsonElement expected, IndependentTTestResult actual)
    {
        var n = expected.Numbers("n");
        var mean = expected.Numbers("mean");
        var sd = expected.Numbers("sd");
        Assert.Equal((int)n[0], actual.Group1.N);
        Assert.Equal((int)n[1], actual.Group2.N);
        Close(mean[0], actual.Group1.Mean, Tolerance, "mean 1");
        Close(mean[1], actual.Group2.Mean, Tolerance, "mean 2");
        Close(sd[0], actual.Group1.Sd!.Value, Tolerance, "sd 1");
        Close(sd[1], actual.Group2.Sd!.Value, Tolerance, "sd 2");
        Close(mean[0] - mean[1], actual.MeanDifference, Tolerance, "mean difference");
        AssertMatches(expected.At("student"), actual.Student);
        AssertMatches(expected.At("welch"), actual.Welch);
    }

    [Theory]
    [InlineData("sleep")]
    [InlineData("mtcars_mpg_by_am")]
    public void Student_and_Welch_match_R_t_test(string dataset)
    {
        var expected = Reference.At($"two_sample.{dataset}");

        var result = TTests.Independent(expected.Numbers("x"), expected.Numbers("y"));

        AssertMatches(expected, result);
    }

    [Fact]
    public void Age_by_group_in_the_cohort_matches_R_and_the_study_reference()
    {
        var result = TTests.Independent(CohortValues("age", "pvp"), CohortValues("age", "pvp_i125"));

        AssertMatches(Reference.At("two_sample.cohort_age"), result);
        var study = StudyReference.At("baseline.age_t");
        Close(study, "t", result.Student.T, 1e-6);
        Close(study, "df", result.Student.Df, 1e-6);
        Close(study, "p", result.Student.P, 1e-6);
        Close(study, "welch.df", result.Welch.Df, 1e-6);
        Close(study, "welch.p", result.Welch.P, 1e-6);
    }

    [Fact]
    public void One_month_KPS_between_groups_matches_R_and_the_study_reference()
    {
        var result = TTests.Independent(CohortValues("kps_1m", "pvp"), CohortValues("kps_1m", "pvp_i125"));

        AssertMatches(Reference.At("two_sample.cohort_kps_1m"), result);
        var study = StudyReference.At("kps_1m_between");
        Close(study, "t", result.Student.T, 1e-6);
        Close(study, "p", result.Student.P, 1e-6);
        Close(study, "welch.t", result.Welch.T, 1e-6);
        Close(study, "welch.df", result.Welch.Df, 1e-6);
        Close(study, "welch.p", result.Welch.P, 1e-6);
    }

    [Fact]
    public void Paired_t_on_sleep_matches_R()
    {
        var expected = Reference.At("paired.sleep");

        var result = TTests.Paired(expected.Numbers("x"), expected.Numbers("y"));

        Assert.Equal(10, result.N);
        Close(expected, "mean_difference", result.MeanDifference, Tolerance);
        Close(expected, "sd_difference", result.SdDifference, Tolerance);
        AssertMatches(expected, result.Test);
    }

    [Theory]
    [InlineData("pvp")]
    [InlineData("pvp_i125")]
    public void KPS_one_month_versus_preop_within_each_group_matches_R_and_the_study_reference(string group)
    {
        var kps1m = CohortData.Numbers("kps_1m");
        var preop = CohortData.Numbers("kps_preop");
        var pairs = Enumerable.Range(0, Group.Length)
            .Where(i => Group[i] == group && kps1m[i].HasValue && preop[i].HasValue).ToArray();

        var result = TTests.Paired(pairs.Select(i => kps1m[i]!.Value).ToArray(), pairs.Select(i => preop[i]!.Value).ToArray());

        var expected = Reference.At($"paired.cohort_kps_1m_vs_preop_{group}");
        Assert.Equal(expected.At("n").GetInt32(), result.N);
        Close(expected, "mean_difference", result.MeanDifference, Tolerance);
        Close(expected, "sd_difference", result.SdDifference, Tolerance);
        AssertMatches(expected, result.Test);
        var study = StudyReference.At("kps_paired").EnumerateArray().Single(e => e.GetProperty("group").GetString() == group);
        Close(study, "t", result.Test.T, 1e-6);
        Close(study, "df", result.Test.Df, 1e-6);
        Close(study, "p", result.Test.P, 1e-6);
    }

    [Fact]
    public void Welch_still_works_when_one_group_is_constant()
    {
        var result = TTests.Independent([5.0, 5.0, 5.0], [1.0, 2.0, 4.0]);

        Assert.Equal(2.0, result.Welch.Df, 12);
        Assert.True(double.IsFinite(result.Welch.P));
    }

    [Fact]
    public void Degenerate_samples_are_rejected_with_a_clear_message()
    {
        var tooSmall = Assert.ThrowsAny<ArgumentException>(() => TTests.Independent([1.0], [1.0, 2.0]));
        Assert.Contains("at least 2", tooSmall.Message);
        var constant = Assert.ThrowsAny<ArgumentException>(() => TTests.Independent([3.0, 3.0], [4.0, 4.0]));
        Assert.Contains("zero variance", constant.Message);
        Assert.ThrowsAny<ArgumentException>(() => TTests.Independent([1.0, double.NaN], [1.0, 2.0]));
        Assert.ThrowsAny<ArgumentException>(() => TTests.Paired([1.0, 2.0], [1.0]));
        Assert.ThrowsAny<ArgumentException>(() => TTests.Paired([1.0, 2.0, 3.0], [0.0, 1.0, 2.0]));
        Assert.ThrowsAny<ArgumentException>(() => TTests.Independent([1.0, 2.0], [3.0, 4.0], confidenceLevel: 1.5));
    }
}
