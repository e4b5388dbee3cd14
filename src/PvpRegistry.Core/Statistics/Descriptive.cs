namespace PvpRegistry.Core.Statistics;

/// <summary>n, mean and sample standard deviation (n - 1 denominator) of one sample.</summary>
/// <param name="Sd">Sample SD with the n - 1 denominator; null when n &lt; 2.</param>
public sealed record SampleSummary(int N, double Mean, double? Sd)
{
    /// <summary>Standard error of the mean, SD / sqrt(n); null when n &lt; 2.</summary>
    public double? StdError => Sd is { } sd ? sd / Math.Sqrt(N) : null;
}

/// <summary>Descriptive statistics for "mean +- SD" tables.</summary>
public static class Descriptive
{
    /// <summary>Arithmetic mean. Throws on an empty sample or a non-finite value.</summary>
    public static double Mean(IReadOnlyList<double> x)
    {
        var values = Values(x);
        RequireFinite(values, nameof(x));
        if (values.Length == 0) throw new ArgumentException("Mean of an empty sample.", nameof(x));
        return MeanOf(values);
    }

    /// <summary>Sample variance with the n - 1 denominator. Throws when n &lt; 2.</summary>
    public static double Variance(IReadOnlyList<double> x)
    {
        if (x.Count < 2)
            throw new UnsupportedDataException(new("stats_variance_too_few", x.Count), nameof(x));
        var values = Values(x);
        RequireFinite(values, nameof(x));
        return VarianceOf(values, MeanOf(values));
    }

    /// <summary>Sample standard deviation with the n - 1 denominator (R's sd, SPSS's Std. Deviation). Throws when n &lt; 2.</summary>
    public static double StandardDeviation(IReadOnlyList<double> x) => Math.Sqrt(Variance(x));

    /// <summary>n, mean and SD; the SD is null for a single value. Throws on an empty sample.</summary>
    public static SampleSummary Summarize(IReadOnlyList<double> x)
    {
        var mean = Mean(x);
        return new SampleSummary(x.Count, mean, x.Count >= 2 ? Math.Sqrt(VarianceOf(Values(x), mean)) : null);
    }

    /// <summary>The values as a span, without copying arrays and lists (the sums below run over it in order).</summary>
    private static ReadOnlySpan<double> Values(IReadOnlyList<double> x) => x switch
    {
        double[] array => array,
        List<double> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
        _ => x.ToArray(),
    };

    /// <summary>Two passes, as R's mean(): the correction keeps the result exact for constant data.</summary>
    private static double MeanOf(ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (var v in x) sum += v;
        var mean = sum / x.Length;
        double correction = 0;
        foreach (var v in x) correction += v - mean;
        return mean + correction / x.Length;
    }

    private static double VarianceOf(ReadOnlySpan<double> x, double mean)
    {
        double ss = 0;
        foreach (var v in x) ss += (v - mean) * (v - mean);
        return ss / (x.Length - 1);
    }

    /// <summary>Summary of the values present (null = missing is skipped); null when none is present.</summary>
    public static SampleSummary? SummarizePresent(IEnumerable<double?> x)
    {
        var present = x.Where(v => v.HasValue).Select(v => v!.Value).ToArray();
        return present.Length == 0 ? null : Summarize(present);
    }

    internal static void RequireFinite(IReadOnlyList<double> x, string name) => RequireFinite(Values(x), name);

    private static void RequireFinite(ReadOnlySpan<double> x, string name)
    {
        for (var i = 0; i < x.Length; i++)
            if (!double.IsFinite(x[i]))
                throw new ArgumentException($"Value {i} is not a finite number ({x[i]}); remove missing values first.", name);
    }
}
