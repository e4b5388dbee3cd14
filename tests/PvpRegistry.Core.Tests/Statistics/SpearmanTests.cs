using PvpRegistry.Core.Statistics;
using static PvpRegistry.Core.Tests.Statistics.TestsReference;

namespace PvpRegistry.Core.Tests.Statistics;

public class SpearmanTests
{
    private const double Tolerance = 1e-9;

    [Theory]
    [InlineData("mtcars_mpg_cyl", true)]
    [InlineData("mtcars_hp_wt", true)]
    [InlineData("no_ties", false)]
    public void Rho_and_t_approximation_p_match_R_cor_test(string name, bool hasTies)
    {
        var expected = Reference.At($"spearman.{name}");

        var result = Spearman.Correlate(expected.Numbers("x"), expected.Numbers("y"));

        Close(expected, "rho", result.Rho, Tolerance);
        Close(expected, "p", result.P, Tolerance);
        Assert.Equal(result.N - 2, result.Df);
        Assert.Equal(hasTies, result.HasTies);
    }

    [Fact]
    public void Preop_KPS_against_survival_months_matches_R_and_the_study_reference()
    {
        var kps = CohortData.Numbers("kps_preop").Select(v => v!.Value).ToArray();

        var result = Spearman.Correlate(kps, CohortMonths());

        var expected = Reference.At("spearman.cohort_kps_preop_months");
        Close(expected, "rho", result.Rho, Tolerance);
        Close(expected, "p", result.P, Tolerance);
        var study = StudyReference.At("spearman_kps_months");
        Close(study, "rho", result.Rho, 1e-6);
        Close(study, "p", result.P, 1e-6);
    }

    [Fact]
    public void Ties_share_the_average_of_their_ranks()
    {
        Assert.Equal([1.0, 2.5, 2.5, 4.0, 6.0, 6.0, 6.0], Spearman.MidRanks([10.0, 20.0, 20.0, 30.0, 40.0, 40.0, 40.0]));
        Assert.Equal([3.0, 1.0, 2.0], Spearman.MidRanks([9.0, -1.0, 0.5]));
    }

    [Fact]
    public void A_perfectly_monotone_relation_has_rho_one_and_p_zero()
    {
        var result = Spearman.Correlate([1.0, 2.0, 3.0, 4.0], [1.0, 8.0, 27.0, 64.0]);

        Assert.Equal(1.0, result.Rho);
        Assert.Equal(0.0, result.P);
    }

    [Fact]
    public void Degenerate_samples_are_rejected_with_a_clear_message()
    {
        var constant = Assert.ThrowsAny<ArgumentException>(() => Spearman.Correlate([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]));
        Assert.Contains("zero variance", constant.Message);
        Assert.ThrowsAny<ArgumentException>(() => Spearman.Correlate([1.0, 2.0], [1.0, 2.0]));
        Assert.ThrowsAny<ArgumentException>(() => Spearman.Correlate([1.0, 2.0, 3.0], [1.0, 2.0]));
    }
}
