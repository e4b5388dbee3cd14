namespace PvpRegistry.Core.Statistics;

/// <summary>Weights of the k-sample test. The default, <see cref="FlemingHarrington"/> with rho = 0, is the log-rank test (R <c>survdiff</c>).</summary>
public enum LogRankWeights
{
    /// <summary>G-rho family, weight S(t-)^rho with S the pooled Kaplan-Meier (R <c>survdiff(rho = )</c>); rho = 0 is the log-rank test, rho = 1 Peto-Peto.</summary>
    FlemingHarrington = 0,
    /// <summary>Weight n(t), the number at risk: SPSS's "Breslow (Generalized Wilcoxon)" (Gehan).</summary>
    Breslow,
    /// <summary>Weight sqrt(n(t)): SPSS's Tarone-Ware.</summary>
    TaroneWare,
}

public sealed record LogRankGroup(string Name, int N, double Observed, double Expected);

/// <summary>Result of a k-sample test; <see cref="Df"/> = groups with expected &gt; 0, minus 1.</summary>
public sealed record LogRankResult(LogRankWeights Weights, double Rho, double ChiSquare, int Df, double P, IReadOnlyList<LogRankGroup> Groups);

/// <summary>The log-rank test and its weighted relatives, computed as R's <c>survdiff</c>.</summary>
public static class LogRank
{
    /// <summary>
    /// Chi-square = U' V⁻¹ U over the groups with expected &gt; 0 except the first. Observed and expected are
    /// the weighted sums (equal to the counts for the plain log-rank test), as R reports them.
    /// </summary>
    public static LogRankResult Test(ReadOnlySpan<double> time, ReadOnlySpan<bool> died, GroupLevels groups,
        LogRankWeights weights = LogRankWeights.FlemingHarrington, double rho = 0)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (!double.IsFinite(rho)) throw new ArgumentOutOfRangeException(nameof(rho));
        return FromTables(SurvivalTable.Build(time, died, groups.Codes, groups.Names.Count), time.Length, groups.Names, weights, rho);
    }

    /// <summary>The test over the groups' survival tables (one per name) of <paramref name="subjects"/> subjects in all.</summary>
    internal static LogRankResult FromTables(SurvivalTable[] tables, int subjects, IReadOnlyList<string> names,
        LogRankWeights weights = LogRankWeights.FlemingHarrington, double rho = 0)
    {
        if (!double.IsFinite(rho)) throw new ArgumentOutOfRangeException(nameof(rho));
        int k = names.Count;

        var observed = new double[k];
        var expected = new double[k];
        var variance = new double[k * k];
        var atRisk = new int[k];
        var deaths = new int[k];
        var pos = new int[k];
        for (int g = 0; g < k; g++) atRisk[g] = tables[g].N;
        int nRisk = subjects;
        double km = 1; // pooled Kaplan-Meier just before the current time

        while (true)
        {
            double t = double.PositiveInfinity;
            for (int g = 0; g < k; g++)
                if (pos[g] < tables[g].Count && tables[g].Time[pos[g]] < t) t = tables[g].Time[pos[g]];
            if (double.IsPositiveInfinity(t)) break;

            int d = 0, removed = 0;
            for (int g = 0; g < k; g++)
            {
                deaths[g] = 0;
                var tab = tables[g];
                if (pos[g] < tab.Count && tab.Time[pos[g]] == t) { deaths[g] = tab.Events[pos[g]]; d += deaths[g]; }
            }
            if (d > 0)
            {
                double w = weights switch
                {
                    LogRankWeights.FlemingHarrington => rho == 0 ? 1 : Math.Pow(km, rho),
                    LogRankWeights.Breslow => nRisk,
                    LogRankWeights.TaroneWare => Math.Sqrt(nRisk),
                    _ => throw new ArgumentOutOfRangeException(nameof(weights)),
                };
                double n = nRisk;
                for (int g = 0; g < k; g++)
                {
                    observed[g] += w * deaths[g];
                    expected[g] += w * d * atRisk[g] / n;
                }
                if (nRisk > 1)
                {
                    double v = w * w * d * (n - d) / (n * (n - 1));
                    for (int a = 0; a < k; a++)
                    {
                        double va = v * atRisk[a];
                        variance[a * k + a] += va;
                        for (int b = 0; b < k; b++) variance[a * k + b] -= va * atRisk[b] / n;
                    }
                }
                km *= (n - d) / n;
            }
            for (int g = 0; g < k; g++)
            {
                var tab = tables[g];
                if (pos[g] < tab.Count && tab.Time[pos[g]] == t)
                {
                    int out_ = tab.Events[pos[g]] + tab.Censored[pos[g]];
                    atRisk[g] -= out_;
                    removed += out_;
                    pos[g]++;
                }
            }
            nRisk -= removed;
        }

        // Groups with expected > 0 take part; the first of them is dropped (U sums to zero).
        var used = new List<int>();
        for (int g = 0; g < k; g++) if (expected[g] > 0) used.Add(g);
        int df = used.Count - 1;
        if (df < 1) throw new UnsupportedDataException(new("stats_log_rank_no_comparison"));
        double chisq = 0;
        {
            int m = df;
            var vv = new double[m, m];
            var u = new double[m];
            for (int a = 0; a < m; a++)
            {
                u[a] = observed[used[a + 1]] - expected[used[a + 1]];
                for (int b = 0; b < m; b++) vv[a, b] = variance[used[a + 1] * k + used[b + 1]];
            }
            var x = Matrices.SolveSymmetric(vv, u) ?? throw new UnsupportedDataException(new("stats_log_rank_singular"));
            for (int a = 0; a < m; a++) chisq += x[a] * u[a];
        }
        var result = new LogRankGroup[k];
        for (int g = 0; g < k; g++) result[g] = new LogRankGroup(names[g], tables[g].N, observed[g], expected[g]);
        return new LogRankResult(weights, weights == LogRankWeights.FlemingHarrington ? rho : 0, chisq, df,
            Probability.ChiSquareUpper(chisq, df), result);
    }

    /// <summary>Test over group labels compared as text.</summary>
    public static LogRankResult Test(ReadOnlySpan<double> time, ReadOnlySpan<bool> died, IReadOnlyList<string> groups,
        LogRankWeights weights = LogRankWeights.FlemingHarrington, double rho = 0)
        => Test(time, died, GroupLevels.Encode(groups), weights, rho);
}
