using MathNet.Numerics.LinearAlgebra;

namespace PvpRegistry.Core.Statistics;

/// <summary>One F test of the repeated-measures ANOVA.</summary>
/// <param name="SumOfSquares">Type III sum of squares of the effect.</param>
/// <param name="ErrorSumOfSquares">Sum of squares of the matching error term.</param>
/// <param name="PGreenhouseGeisser">p with both df multiplied by the Greenhouse-Geisser epsilon; null for the between-subjects test.</param>
/// <param name="PHuynhFeldt">p with both df multiplied by Lecoutre's Huynh-Feldt epsilon (R); null for the between-subjects test.</param>
/// <param name="PHuynhFeldtSpss">p with both df multiplied by Huynh and Feldt's original epsilon (SPSS); null for the between-subjects test.</param>
public sealed record RmAnovaTest(
    double SumOfSquares,
    double Df,
    double ErrorSumOfSquares,
    double DfError,
    double MeanSquare,
    double MeanSquareError,
    double F,
    double P,
    double? PGreenhouseGeisser,
    double? PHuynhFeldt,
    double? PHuynhFeldtSpss)
{
    /// <summary>The Huynh-Feldt corrected p by the chosen formula.</summary>
    public double? PHuynhFeldtBy(HuynhFeldtFormula formula) => formula == HuynhFeldtFormula.Spss1976 ? PHuynhFeldtSpss : PHuynhFeldt;
}

/// <summary>
/// The two Huynh-Feldt epsilons in use. They agree with one group and differ with two or more (obk: 0.9939 vs 1).
/// The registry's study screens and report show <see cref="Spss1976"/>, the formula of the SPSS GLM output the
/// study was analysed with, so that its tables can be reproduced; <c>pvp rmanova</c> keeps R's <see cref="Lecoutre1991"/>
/// in <c>epsilon_hf</c>/<c>p_hf</c> (defaults match R) and writes SPSS's beside it.
/// </summary>
public enum HuynhFeldtFormula
{
    /// <summary>Lecoutre's (1991) correction, ((N - g + 1) p GG - 2) / (p (N - g - p GG)), as R's car and afex.</summary>
    Lecoutre1991 = 0,
    /// <summary>Huynh and Feldt's original (1976), (N p GG - 2) / (p (N - g - p GG)), as SPSS GLM prints it.</summary>
    Spss1976,
}

/// <summary>Mauchly's test of sphericity as SPSS prints it.</summary>
/// <param name="W">det(S) / (tr(S) / p)^p.</param>
/// <param name="ChiSquare">-(nu - (2p^2 + p + 2) / (6p)) ln W.</param>
/// <param name="Df">p (p + 1) / 2 - 1.</param>
/// <param name="P">Upper chi-square tail (SPSS "Sig."). R's mauchly.test adds a second-order term,
/// which vanishes with three levels and differs slightly from this p with more.</param>
public sealed record MauchlyTest(double W, double ChiSquare, int Df, double P);

/// <summary>A between-subjects group among the complete cases, with its means and SDs at each level.</summary>
/// <param name="Sds">SD (n - 1) at each level; null entries for a group of one subject.</param>
public sealed record RmAnovaGroup(string Group, int N, IReadOnlyList<double> Means, IReadOnlyList<double?> Sds);

/// <summary>Result of a repeated-measures ANOVA with one within factor (time) and one between factor (group).</summary>
/// <param name="N">Complete cases used.</param>
/// <param name="Excluded">Subjects left out for a missing measure or group.</param>
/// <param name="Levels">Number of repeated measures (time points).</param>
/// <param name="Groups">Groups in ordinal order of their labels, with n and the cell means and SDs.</param>
/// <param name="Between">Group main effect (tests of between-subjects effects).</param>
/// <param name="Time">Time main effect (tests of within-subjects effects).</param>
/// <param name="Interaction">Group x time interaction.</param>
/// <param name="EpsilonGreenhouseGeisser">(tr S)^2 / (p tr S^2), S = pooled within-group covariance of the orthonormal contrasts.</param>
/// <param name="EpsilonHuynhFeldt">((nu + 1) p GG - 2) / (p (nu - p GG)) capped at 1 (Lecoutre's correction, as R).</param>
/// <param name="EpsilonHuynhFeldtSpss">(N p GG - 2) / (p (nu - p GG)) capped at 1 (Huynh and Feldt's original formula, as SPSS).</param>
/// <param name="EpsilonLowerBound">1 / p.</param>
/// <param name="MsError">Mean square of the within-subjects error, SS / (nu p).</param>
/// <param name="Mauchly">Null with two levels (sphericity holds trivially) or when nu &lt; p.</param>
/// <param name="Warnings">Caveats about the fit (too few subjects for an epsilon or for Mauchly's test); empty normally.</param>
public sealed record RepeatedMeasuresAnovaResult(
    int N,
    int Excluded,
    int Levels,
    IReadOnlyList<RmAnovaGroup> Groups,
    RmAnovaTest Between,
    RmAnovaTest Time,
    RmAnovaTest Interaction,
    double EpsilonGreenhouseGeisser,
    double EpsilonHuynhFeldt,
    double EpsilonHuynhFeldtSpss,
    double EpsilonLowerBound,
    double MsError,
    MauchlyTest? Mauchly,
    IReadOnlyList<FitWarning> Warnings)
{
    /// <summary>The Huynh-Feldt epsilon by the chosen formula.</summary>
    public double EpsilonHuynhFeldtBy(HuynhFeldtFormula formula) => formula == HuynhFeldtFormula.Spss1976 ? EpsilonHuynhFeldtSpss : EpsilonHuynhFeldt;
}

/// <summary>
/// Repeated-measures ANOVA as SPSS GLM with one within-subjects factor and one between-subjects
/// factor: complete cases, Type III sums of squares (unweighted group means), orthonormal
/// polynomial contrasts for the within factor; univariate tests with Greenhouse-Geisser and
/// Huynh-Feldt corrections.
/// </summary>
public static class RepeatedMeasuresAnova
{
    /// <summary>
    /// Fits the model. <paramref name="groups"/>[i] is subject i's group (null = missing) and
    /// <paramref name="measures"/>[i] its values at each level in time order (null or NaN = missing).
    /// Needs at least two levels, two groups among the complete cases and more subjects than groups.
    /// </summary>
    public static RepeatedMeasuresAnovaResult Fit(
        IReadOnlyList<string?> groups, IReadOnlyList<IReadOnlyList<double?>> measures)
    {
        if (groups.Count != measures.Count)
            throw new ArgumentException($"One group per subject is needed (got {groups.Count} groups for {measures.Count} subjects).");
        if (measures.Count == 0) throw new ArgumentException("No subjects.", nameof(measures));
        var k = measures[0].Count;
        if (measures.Any(m => m.Count != k))
            throw new ArgumentException("Every subject needs the same number of measures.", nameof(measures));
        if (k < 2) throw new ArgumentException($"A repeated-measures ANOVA needs at least 2 levels (got {k}).", nameof(measures));

        // Complete cases.
        var complete = Enumerable.Range(0, measures.Count)
            .Where(i => groups[i] is not null && measures[i].All(v => v is { } x && double.IsFinite(x)))
            .ToArray();
        var labels = complete.Select(i => groups[i]!).Distinct().Order(StringComparer.Ordinal).ToArray();
        var g = labels.Length;
        var n = complete.Length;
        if (g < 2)
            throw new UnsupportedDataException(new("stats_rm_anova_groups", g), nameof(groups));
        var nu = n - g;
        if (nu < 1)
            throw new UnsupportedDataException(new("stats_rm_anova_too_few", n, g), nameof(measures));

        var y = complete.Select(i => measures[i].Select(v => v!.Value).ToArray()).ToArray();
        var groupOf = complete.Select(i => Array.IndexOf(labels, groups[i]!)).ToArray();
        var members = Enumerable.Range(0, g).Select(j => Enumerable.Range(0, n).Where(i => groupOf[i] == j).ToArray()).ToArray();

        var p = k - 1;
        var contrasts = OrthonormalPolynomial(k); // k x p
        // Transformed variables, as SPSS: z = the p orthonormal contrasts of each subject's measures,
        // and the subject's sum / sqrt(k) for the between-subjects test.
        var z = new double[n][];
        for (var i = 0; i < n; i++)
        {
            z[i] = new double[p];
            for (var c = 0; c < p; c++)
                for (var t = 0; t < k; t++) z[i][c] += contrasts[t, c] * y[i][t];
        }
        var average = y.Select(row => row.Sum() / Math.Sqrt(k)).ToArray();

        // Between subjects: one-way ANOVA of the averaged variable.
        var groupMeanAverage = members.Select(m => m.Average(i => average[i])).ToArray();
        var grandAverage = average.Average();
        double ssBetween = 0, ssBetweenError = 0;
        for (var j = 0; j < g; j++)
        {
            ssBetween += members[j].Length * Square(groupMeanAverage[j] - grandAverage);
            foreach (var i in members[j]) ssBetweenError += Square(average[i] - groupMeanAverage[j]);
        }
        if (ssBetweenError <= 0)
            throw new UnsupportedDataException(new("stats_rm_anova_between_constant"));
        var between = Test(ssBetween, g - 1, ssBetweenError, nu, null, null, null);

        // Within subjects: SSCP matrices of the contrasts.
        var groupMeanZ = members.Select(m => Enumerable.Range(0, p).Select(c => m.Average(i => z[i][c])).ToArray()).ToArray();
        // Sum of the outer products d d' of each subject's deviations, element by element (no matrix per subject).
        var sscp = new double[p, p];
        var d = new double[p];
        for (var j = 0; j < g; j++)
            foreach (var i in members[j])
            {
                for (var c = 0; c < p; c++) d[c] = z[i][c] - groupMeanZ[j][c];
                for (var a = 0; a < p; a++)
                    for (var b = 0; b < p; b++) sscp[a, b] += d[a] * d[b];
            }
        var error = Matrix<double>.Build.DenseOfArray(sscp);
        var ssError = error.Trace();
        if (ssError <= 0)
            throw new UnsupportedDataException(new("stats_rm_anova_within_constant"));

        // Time (Type III intercept): the unweighted mean of the group means of each contrast.
        var unweighted = Vector<double>.Build.Dense(p, c => groupMeanZ.Average(m => m[c]));
        var varianceFactor = members.Sum(m => 1.0 / m.Length) / (g * g);
        var ssTime = unweighted.DotProduct(unweighted) / varianceFactor;

        // Group x time: between-group SSCP of the contrasts around their (weighted) grand mean.
        var grandZ = Enumerable.Range(0, p).Select(c => z.Average(row => row[c])).ToArray();
        double ssInteraction = 0;
        for (var j = 0; j < g; j++)
            for (var c = 0; c < p; c++)
                ssInteraction += members[j].Length * Square(groupMeanZ[j][c] - grandZ[c]);

        // Sphericity corrections.
        var s = error / nu;
        var trace = s.Trace();
        var gg = trace * trace / (p * (s * s).Trace());
        var warnings = new List<FitWarning>();
        // p GG >= 1, so the numerator is positive; the denominator is positive unless nu is tiny.
        var hf = Math.Min(1.0, ((nu + 1) * p * gg - 2) / (p * (nu - p * gg)));
        var hfSpss = Math.Min(1.0, (n * p * gg - 2) / (p * (nu - p * gg)));
        if (nu - p * gg <= 0)
        {
            // Only with very few subjects (nu <= p GG): the Huynh-Feldt formula has no meaning.
            warnings.Add(FitWarning.RmAnovaHuynhFeldt(nu, p));
            hf = hfSpss = gg;
        }
        if (nu < p)
            warnings.Add(FitWarning.RmAnovaMauchly(nu, p));

        var dfError = (double)nu * p;
        var time = Test(ssTime, p, ssError, dfError, gg, hf, hfSpss);
        var interaction = Test(ssInteraction, (g - 1) * p, ssError, dfError, gg, hf, hfSpss);

        var cells = Enumerable.Range(0, g).Select(j => new RmAnovaGroup(
            labels[j],
            members[j].Length,
            Enumerable.Range(0, k).Select(t => members[j].Average(i => y[i][t])).ToArray(),
            Enumerable.Range(0, k).Select(t => members[j].Length >= 2
                ? Descriptive.StandardDeviation(members[j].Select(i => y[i][t]).ToArray())
                : (double?)null).ToArray())).ToArray();

        return new RepeatedMeasuresAnovaResult(
            n, measures.Count - n, k, cells, between, time, interaction,
            gg, hf, hfSpss, 1.0 / p, ssError / dfError, Mauchly(s, p, nu), warnings);
    }

    /// <summary>
    /// Orthonormal polynomial contrasts for <paramref name="levels"/> equally spaced levels
    /// (k x (k - 1), columns linear, quadratic, ...; signs as R's contr.poly, last level positive).
    /// </summary>
    public static double[,] OrthonormalPolynomial(int levels)
    {
        if (levels < 2) throw new ArgumentException("Contrasts need at least 2 levels.", nameof(levels));
        var centre = (levels + 1) / 2.0;
        var basis = new List<double[]> { Enumerable.Repeat(1.0 / Math.Sqrt(levels), levels).ToArray() };
        for (var degree = 1; degree < levels; degree++)
        {
            var v = Enumerable.Range(1, levels).Select(t => Math.Pow(t - centre, degree)).ToArray();
            // Modified Gram-Schmidt, twice for accuracy.
            for (var pass = 0; pass < 2; pass++)
                foreach (var b in basis)
                {
                    var dot = v.Zip(b, (a, c) => a * c).Sum();
                    for (var t = 0; t < levels; t++) v[t] -= dot * b[t];
                }
            var norm = Math.Sqrt(v.Sum(a => a * a));
            basis.Add(v.Select(a => a / norm).ToArray());
        }
        var result = new double[levels, levels - 1];
        for (var c = 1; c < levels; c++)
        {
            // Sign as R: the last level's coefficient positive.
            var sign = basis[c][levels - 1] < 0 ? -1 : 1;
            for (var t = 0; t < levels; t++) result[t, c - 1] = sign * basis[c][t];
        }
        return result;
    }

    private static MauchlyTest? Mauchly(Matrix<double> s, int p, int nu)
    {
        if (p < 2 || nu < p) return null;
        var logW = Math.Log(Math.Max(s.Determinant(), 0)) - p * Math.Log(s.Trace() / p);
        var w = Math.Exp(logW);
        var rho = 1 - (2.0 * p * p + p + 2) / (6.0 * p * nu);
        var chiSquare = -nu * rho * logW;
        var df = p * (p + 1) / 2 - 1;
        return new MauchlyTest(w, chiSquare, df, TestDistributions.ChiSquareUpper(chiSquare, df));
    }

    private static RmAnovaTest Test(double ss, double df, double ssError, double dfError, double? gg, double? hf, double? hfSpss)
    {
        var ms = ss / df;
        var msError = ssError / dfError;
        var f = ms / msError;
        return new RmAnovaTest(ss, df, ssError, dfError, ms, msError, f,
            TestDistributions.FUpper(f, df, dfError),
            gg is { } e ? TestDistributions.FUpper(f, df * e, dfError * e) : null,
            hf is { } h ? TestDistributions.FUpper(f, df * h, dfError * h) : null,
            hfSpss is { } hs ? TestDistributions.FUpper(f, df * hs, dfError * hs) : null);
    }

    private static double Square(double x) => x * x;
}
