namespace PvpRegistry.Core.Statistics;

/// <summary>Spearman's rank correlation with its t-approximation test.</summary>
/// <param name="N">Number of complete pairs.</param>
/// <param name="Rho">Pearson correlation of the mid-ranks.</param>
/// <param name="T">rho sqrt((n - 2) / (1 - rho^2)); infinite when |rho| = 1.</param>
/// <param name="Df">n - 2.</param>
/// <param name="P">Two-sided p from Student's t with n - 2 df (R cor.test(method = "spearman", exact = FALSE)).</param>
/// <param name="HasTies">True when either variable has tied values (R would then not offer an exact p).</param>
public sealed record SpearmanResult(int N, double Rho, double T, int Df, double P, bool HasTies);

/// <summary>Spearman's rho over mid-ranks (average ranks for ties), p by the t approximation.</summary>
public static class Spearman
{
    /// <summary>
    /// Correlates aligned samples x and y (drop incomplete pairs first). Needs at least three pairs
    /// and neither variable constant.
    /// </summary>
    public static SpearmanResult Correlate(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Descriptive.RequireFinite(x, nameof(x));
        Descriptive.RequireFinite(y, nameof(y));
        if (x.Count != y.Count)
            throw new ArgumentException($"x and y must be aligned pairs (got {x.Count} and {y.Count}).");
        var n = x.Count;
        if (n < 3)
            throw new UnsupportedDataException(new("stats_spearman_too_few", n));

        var rx = MidRanks(x);
        var ry = MidRanks(y);
        var rho = Pearson(rx, ry);
        var df = n - 2;
        double t, p;
        if (Math.Abs(rho) >= 1)
        {
            rho = Math.Sign(rho);
            t = rho * double.PositiveInfinity;
            p = 0;
        }
        else
        {
            t = rho * Math.Sqrt(df / (1 - rho * rho));
            p = TestDistributions.StudentTTwoSided(t, df);
        }
        var hasTies = rx.Distinct().Count() < n || ry.Distinct().Count() < n;
        return new SpearmanResult(n, rho, t, df, p, hasTies);
    }

    /// <summary>Ranks 1..n, tied values sharing the average of their ranks (R rank(ties.method = "average")).</summary>
    public static double[] MidRanks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        var start = 0;
        while (start < order.Length)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            var rank = (start + end) / 2.0 + 1;
            for (var i = start; i <= end; i++) ranks[order[i]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    private static double Pearson(double[] x, double[] y)
    {
        var mx = Descriptive.Mean(x);
        var my = Descriptive.Mean(y);
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0 || syy == 0)
            throw new UnsupportedDataException(new("stats_spearman_constant"));
        return sxy / Math.Sqrt(sxx * syy);
    }
}
