namespace PvpRegistry.Core.Statistics;

/// <summary>A t statistic with its degrees of freedom, two-sided p and confidence interval of the mean difference.</summary>
/// <param name="StdError">Standard error of the mean difference.</param>
/// <param name="CiLower">Lower bound of the confidence interval of the mean difference.</param>
/// <param name="CiUpper">Upper bound of the confidence interval of the mean difference.</param>
public sealed record TStatistic(double T, double Df, double P, double StdError, double CiLower, double CiUpper);

/// <summary>
/// Two independent samples, as SPSS's "Independent Samples Test" prints it: Student's t with the
/// pooled variance ("equal variances assumed") and Welch's t ("not assumed"). The difference is
/// group 1 minus group 2, as R's t.test(x, y).
/// </summary>
/// <param name="Student">Pooled-variance t (R t.test(var.equal = TRUE)).</param>
/// <param name="Welch">Welch-Satterthwaite t (R t.test default).</param>
public sealed record IndependentTTestResult(
    SampleSummary Group1,
    SampleSummary Group2,
    double MeanDifference,
    TStatistic Student,
    TStatistic Welch,
    double ConfidenceLevel);

/// <summary>Paired samples (first minus second), as R's t.test(first, second, paired = TRUE).</summary>
/// <param name="N">Number of pairs.</param>
/// <param name="MeanDifference">Mean of first - second.</param>
/// <param name="SdDifference">SD (n - 1) of the differences.</param>
/// <param name="Test">t, df = n - 1, two-sided p, SE and confidence interval of the mean difference.</param>
public sealed record PairedTTestResult(
    int N,
    SampleSummary First,
    SampleSummary Second,
    double MeanDifference,
    double SdDifference,
    TStatistic Test,
    double ConfidenceLevel);

/// <summary>Student, Welch and paired t-tests (two-sided), matching R's t.test and SPSS's T-TEST.</summary>
public static class TTests
{
    /// <summary>
    /// Student (pooled) and Welch t-tests of group 1 versus group 2. Each group needs at least
    /// two values; the pooled test needs some variance. Missing values must be removed first.
    /// </summary>
    public static IndependentTTestResult Independent(
        IReadOnlyList<double> group1, IReadOnlyList<double> group2, double confidenceLevel = 0.95)
    {
        RequireLevel(confidenceLevel);
        Descriptive.RequireFinite(group1, nameof(group1));
        Descriptive.RequireFinite(group2, nameof(group2));
        if (group1.Count < 2 || group2.Count < 2)
            throw new UnsupportedDataException(new("stats_t_too_few", group1.Count, group2.Count));

        var s1 = Descriptive.Summarize(group1);
        var s2 = Descriptive.Summarize(group2);
        double n1 = s1.N, n2 = s2.N;
        double v1 = s1.Sd!.Value * s1.Sd.Value, v2 = s2.Sd!.Value * s2.Sd.Value;
        if (v1 == 0 && v2 == 0)
            throw new UnsupportedDataException(new("stats_t_constant"));

        var difference = s1.Mean - s2.Mean;

        var dfPooled = n1 + n2 - 2;
        var pooledVariance = ((n1 - 1) * v1 + (n2 - 1) * v2) / dfPooled;
        var sePooled = Math.Sqrt(pooledVariance * (1 / n1 + 1 / n2));
        var student = Statistic(difference, sePooled, dfPooled, confidenceLevel);

        var a1 = v1 / n1;
        var a2 = v2 / n2;
        var seWelch = Math.Sqrt(a1 + a2);
        var dfWelch = (a1 + a2) * (a1 + a2) / (a1 * a1 / (n1 - 1) + a2 * a2 / (n2 - 1));
        var welch = Statistic(difference, seWelch, dfWelch, confidenceLevel);

        return new IndependentTTestResult(s1, s2, difference, student, welch, confidenceLevel);
    }

    /// <summary>
    /// Paired t-test of first minus second; the two lists are aligned pairs (drop incomplete
    /// pairs first). Needs at least two pairs and differences that are not all equal.
    /// </summary>
    public static PairedTTestResult Paired(
        IReadOnlyList<double> first, IReadOnlyList<double> second, double confidenceLevel = 0.95)
    {
        RequireLevel(confidenceLevel);
        Descriptive.RequireFinite(first, nameof(first));
        Descriptive.RequireFinite(second, nameof(second));
        if (first.Count != second.Count)
            throw new ArgumentException(
                $"Paired samples must have the same length (got {first.Count} and {second.Count}).");
        if (first.Count < 2)
            throw new UnsupportedDataException(new("stats_paired_too_few", first.Count));

        var differences = new double[first.Count];
        for (var i = 0; i < differences.Length; i++) differences[i] = first[i] - second[i];
        var d = Descriptive.Summarize(differences);
        var sd = d.Sd!.Value;
        if (sd == 0)
            throw new UnsupportedDataException(new("stats_paired_constant"));

        var test = Statistic(d.Mean, sd / Math.Sqrt(d.N), d.N - 1, confidenceLevel);
        return new PairedTTestResult(
            d.N, Descriptive.Summarize(first), Descriptive.Summarize(second), d.Mean, sd, test, confidenceLevel);
    }

    private static TStatistic Statistic(double difference, double se, double df, double confidenceLevel)
    {
        var t = difference / se;
        var p = TestDistributions.StudentTTwoSided(t, df);
        var q = TestDistributions.StudentTQuantile(1 - (1 - confidenceLevel) / 2, df);
        return new TStatistic(t, df, p, se, difference - q * se, difference + q * se);
    }

    private static void RequireLevel(double confidenceLevel)
    {
        if (!(confidenceLevel > 0 && confidenceLevel < 1))
            throw new ArgumentException($"The confidence level must be between 0 and 1 (was {confidenceLevel}).",
                nameof(confidenceLevel));
    }
}
