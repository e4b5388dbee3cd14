namespace PvpRegistry.Core.Statistics;

/// <summary>
/// Cox data sorted once by time (ascending) into blocks of equal time, with covariates centred on
/// their means. <see cref="Evaluate"/> computes the log partial likelihood, score and information
/// in one pass from the largest time down.
/// </summary>
internal sealed class CoxData
{
    private CoxData(int n, int events, int[] blockStart, bool[] died, double[][] columns, double[] means, string[] names)
    {
        N = n; Events = events; BlockStart = blockStart; Died = died; Columns = columns; Means = means; Names = names;
    }

    public int N { get; }
    public int Events { get; }
    /// <summary>Start of each block of equal times in sorted order, plus N at the end.</summary>
    public int[] BlockStart { get; }
    public bool[] Died { get; }
    /// <summary>Centred covariates in sorted order, one array per covariate.</summary>
    public double[][] Columns { get; }
    public double[] Means { get; }
    public string[] Names { get; }

    public static CoxData Create(ReadOnlySpan<double> time, ReadOnlySpan<bool> died, IReadOnlyList<double[]> covariates, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        ArgumentNullException.ThrowIfNull(names);
        int n = time.Length, p = covariates.Count;
        if (died.Length != n) throw new ArgumentException("time and event must have the same length.");
        if (names.Count != p) throw new ArgumentException("One name per covariate is needed.", nameof(names));
        if (names.Distinct(StringComparer.Ordinal).Count() != p) throw new ArgumentException("Covariate names must be distinct.", nameof(names));
        for (int j = 0; j < p; j++)
            if (covariates[j].Length != n) throw new ArgumentException($"Covariate '{names[j]}' has {covariates[j].Length} values for {n} subjects.");

        int events = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        bool integral = true;
        for (int i = 0; i < n; i++)
        {
            double t = time[i];
            if (!double.IsFinite(t)) throw new ArgumentException($"Time at position {i} is not a finite number.");
            if (died[i]) events++;
            if (t < min) min = t;
            if (t > max) max = t;
            if (integral && t != Math.Floor(t)) integral = false;
        }
        if (events == 0) throw new CoxModelException("There are no events; a Cox model cannot be fitted.");

        var order = SortOrder(time, integral, min, max);
        var sortedDied = new bool[n];
        var blocks = new List<int>();
        double previous = double.NaN;
        for (int i = 0; i < n; i++)
        {
            int r = order[i];
            sortedDied[i] = died[r];
            double t = time[r];
            if (t != previous) { blocks.Add(i); previous = t; }
        }
        blocks.Add(n);

        var columns = new double[p][];
        var means = new double[p];
        for (int j = 0; j < p; j++)
        {
            var src = covariates[j];
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                if (!double.IsFinite(src[i])) throw new ArgumentException($"Covariate '{names[j]}' at position {i} is not a finite number.");
                sum += src[i];
            }
            double mean = sum / n;
            var col = new double[n];
            bool constant = true;
            double first = src.Length > 0 ? src[0] : 0;
            for (int i = 0; i < n; i++)
            {
                double v = src[order[i]];
                if (v != first) constant = false;
                col[i] = v - mean;
            }
            if (constant) throw new CoxModelException($"Covariate '{names[j]}' is constant; its coefficient cannot be estimated.");
            columns[j] = col;
            means[j] = mean;
        }
        return new CoxData(n, events, blocks.ToArray(), sortedDied, columns, means, names.ToArray());
    }

    private static int[] SortOrder(ReadOnlySpan<double> time, bool integral, double min, double max)
    {
        int n = time.Length;
        var order = new int[n];
        if (integral && n > 0 && max - min < Math.Max(4L * n, 1 << 16))
        {
            // Stable counting sort for integer times (days): O(n + range).
            int range = (int)(max - min) + 1;
            long lmin = (long)min;
            var start = new int[range + 1];
            for (int i = 0; i < n; i++) start[(int)((long)time[i] - lmin) + 1]++;
            for (int k = 0; k < range; k++) start[k + 1] += start[k];
            for (int i = 0; i < n; i++) order[start[(int)((long)time[i] - lmin)]++] = i;
            return order;
        }
        var keys = time.ToArray();
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort(keys, order);
        return order;
    }

    /// <summary>The chosen centred columns as one row-major n × p array.</summary>
    public double[] RowMajor(int[] cols)
    {
        int p = cols.Length;
        var x = new double[(long)N * p];
        for (int k = 0; k < p; k++)
        {
            var col = Columns[cols[k]];
            for (int i = 0, at = k; i < N; i++, at += p) x[at] = col[i];
        }
        return x;
    }

    /// <summary>
    /// Log partial likelihood at beta; fills the score u (length p) and the information (p × p, row-major).
    /// Risk-set sums are accumulated from the largest time down, one block of tied times at a time; with
    /// Efron's method the tied deaths' sums are removed in fractions r/d, using scalar sums so the work per
    /// block is O(d + p²).
    /// </summary>
    public double Evaluate(double[] x, int p, double[] beta, CoxTies ties, double[] u, double[] imat)
    {
        Array.Clear(u);
        Array.Clear(imat);
        var s1 = new double[p];
        var s2 = new double[p * p];     // lower triangle used
        var e1 = new double[p];
        var e2 = new double[p * p];
        var c1 = new double[p];
        var c2 = new double[p * p];
        var sumX = new double[p];
        double s0 = 0, loglik = 0;
        var died = Died;
        var blocks = BlockStart;

        for (int b = blocks.Length - 2; b >= 0; b--)
        {
            int from = blocks[b], to = blocks[b + 1];
            double e0 = 0, c0 = 0, sumEta = 0;
            int d = 0, censored = 0;
            for (int i = from; i < to; i++)
            {
                var row = new ReadOnlySpan<double>(x, i * p, p);
                double eta = 0;
                for (int j = 0; j < p; j++) eta += beta[j] * row[j];
                double w = Math.Exp(eta);
                if (died[i])
                {
                    d++;
                    sumEta += eta;
                    e0 += w;
                    Accumulate(row, w, e1, e2, p);
                    for (int j = 0; j < p; j++) sumX[j] += row[j];
                }
                else
                {
                    censored++;
                    c0 += w;
                    Accumulate(row, w, c1, c2, p);
                }
            }
            // Add this block to the risk set.
            s0 += e0 + c0;
            for (int j = 0; j < p; j++) { s1[j] += e1[j] + c1[j]; }
            for (int j = 0; j < p; j++)
                for (int k = 0, at = j * p; k <= j; k++, at++) s2[at] += e2[at] + c2[at];
            if (d > 0)
            {
                loglik += sumEta;
                for (int j = 0; j < p; j++) u[j] += sumX[j];
                if (ties == CoxTies.Breslow || d == 1)
                {
                    loglik -= d * Math.Log(s0);
                    for (int j = 0; j < p; j++)
                    {
                        double mj = s1[j] / s0;
                        u[j] -= d * mj;
                        for (int k = 0, at = j * p; k <= j; k++, at++)
                            imat[at] += d * (s2[at] / s0 - mj * s1[k] / s0);
                    }
                }
                else
                {
                    double a1 = 0, b1 = 0, a2 = 0, b2 = 0, cc2 = 0;
                    for (int r = 0; r < d; r++)
                    {
                        double f = (double)r / d;
                        double den = s0 - f * e0;
                        loglik -= Math.Log(den);
                        double inv = 1 / den, inv2 = inv * inv;
                        a1 += inv; b1 += f * inv; a2 += inv2; b2 += f * inv2; cc2 += f * f * inv2;
                    }
                    for (int j = 0; j < p; j++)
                    {
                        u[j] -= s1[j] * a1 - e1[j] * b1;
                        for (int k = 0, at = j * p; k <= j; k++, at++)
                            imat[at] += s2[at] * a1 - e2[at] * b1
                                        - (s1[j] * s1[k] * a2 - (s1[j] * e1[k] + e1[j] * s1[k]) * b2 + e1[j] * e1[k] * cc2);
                    }
                }
                Array.Clear(sumX);
            }
            if (d > 0) { Array.Clear(e1); Array.Clear(e2); }
            if (censored > 0) { Array.Clear(c1); Array.Clear(c2); }
        }
        for (int j = 0; j < p; j++)
            for (int k = 0; k < j; k++)
                imat[k * p + j] = imat[j * p + k];
        return loglik;
    }

    private static void Accumulate(ReadOnlySpan<double> row, double w, double[] a1, double[] a2, int p)
    {
        for (int j = 0; j < p; j++)
        {
            double wx = w * row[j];
            a1[j] += wx;
            int at = j * p;
            for (int k = 0; k <= j; k++) a2[at + k] += wx * row[k];
        }
    }
}
