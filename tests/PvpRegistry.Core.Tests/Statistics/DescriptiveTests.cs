using PvpRegistry.Core.Statistics;
using static PvpRegistry.Core.Tests.Statistics.TestsReference;

namespace PvpRegistry.Core.Tests.Statistics;

public class DescriptiveTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Mean_and_sd_of_sleep_match_R()
    {
        var reference = Reference.At("descriptive.sleep_extra");
        var summary = Descriptive.Summarize(reference.Numbers("x"));

        Assert.Equal(20, summary.N);
        Close(reference, "mean", summary.Mean, Tolerance);
        Close(reference, "sd", summary.Sd!.Value, Tolerance);
    }

    [Fact]
    public void Mean_and_sd_of_cohort_age_match_R()
    {
        var reference = Reference.At("descriptive.cohort_age");
        var ages = CohortData.Numbers("age").Select(a => a!.Value).ToArray();

        Close(reference, "mean", Descriptive.Mean(ages), Tolerance);
        Close(reference, "sd", Descriptive.StandardDeviation(ages), Tolerance);
    }

    [Fact]
    public void A_single_value_has_a_mean_but_no_sd()
    {
        var summary = Descriptive.Summarize([4.2]);

        Assert.Equal(4.2, summary.Mean);
        Assert.Null(summary.Sd);
        Assert.Null(summary.StdError);
    }

    [Fact]
    public void Missing_values_are_skipped_when_summarising_what_is_present()
    {
        var summary = Descriptive.SummarizePresent([1.0, null, 3.0]);

        Assert.NotNull(summary);
        Assert.Equal(2, summary.N);
        Assert.Equal(2.0, summary.Mean);
        Assert.Null(Descriptive.SummarizePresent([null, null]));
    }

    [Fact]
    public void Empty_or_non_finite_samples_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Descriptive.Mean([]));
        Assert.Throws<UnsupportedDataException>(() => Descriptive.StandardDeviation([1.0]));
        Assert.Throws<ArgumentException>(() => Descriptive.Mean([1.0, double.NaN]));
    }
}
