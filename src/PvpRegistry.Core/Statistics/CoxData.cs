using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PvpRegistry.Core.Statistics;

/// <summary>
/// Cox data sorted once by time (ascending) into blocks of equal time, with covariates centred on
/// their means and, as R's <c>coxfit6</c> does for covariates other than 0/1 indicators, scaled by the inverse
/// of their mean absolute deviation (so that the singularity test of the information matrix does not depend on
/// the covariates' units). <see cref="Evaluate"/> computes the log partial likelihood, score and information
/// in one pass from the largest time down.
/// </summary>
internal sealed class CoxData
{
    private CoxData(int n, int events, int[] blockStart, int[] eventStart, int[] rank, double[][] columns, double[] means, double[] scales, string[] names)
    {
        N = n; Events = events; BlockStart = blockStart; EventStart = eventStart; Rank = rank; Columns = columns; Means = means; Scales = scales; Names = names;
    }

    public int N { get; }
    public int Events { get; }
    /// <summary>Start of each block of equal times in sorted order, plus N at the end.</summary>
    public int[] BlockStart { get; }
    /// <summary>Within each block the censored subjects come first; the block's events start here.</summary>
    public int[] EventStart { get; }
    /// <summary>Sorted position of each subject (input order).</summary>
    public int[] Rank { get; }
    /// <summary>The covariates as given (input order, not copied); <see cref="Means"/> are subtracted when rows are built.</summary>
    public double[][] Columns { get; }
    public double[] Means { get; }
    /// <summary>Factor applied to each centred covariate: 1 for a 0/1 indicator (or a constant), n / sum |x - mean| otherwise.</summary>
    public double[] Scales { get; }
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
        if (events == 0) throw new CoxModelException(new("stats_cox_no_events"));

        var means = new double[p];
        var scales = new double[p];
        for (int j = 0; j < p; j++)
        {
            var src = covariates[j];
            double sum = 0;
            bool indicator = true;
            for (int i = 0; i < n; i++)
            {
                double v = src[i];
                if (!double.IsFinite(v)) throw new ArgumentException($"Covariate '{names[j]}' at position {i} is not a finite number.");
                if (v != 0 && v != 1) indicator = false;
                sum += v;
            }
            means[j] = sum / n;
            double deviation = 0;
            for (int i = 0; i < n; i++) deviation += Math.Abs(src[i] - means[j]);
            // A constant covariate stays in: its information is 0, so the fit reports it singular (NA), as R does.
            scales[j] = indicator || deviation == 0 ? 1 : n / deviation;
        }

        var rank = new int[n];
        var blocks = new List<int>();
        var eventStarts = new List<int>();
        if (integral && max - min < Math.Max(2L * n, 1 << 16))
        {
            // Counting sort on (day, event): O(n + range); censored subjects before the deaths of the same day.
            int range = (int)(max - min) + 1;
            long lmin = (long)min;
            var start = new int[2 * range];
            for (int i = 0; i < n; i++) start[(((int)((long)time[i] - lmin)) << 1) | (died[i] ? 1 : 0)]++;
            int pos = 0;
            for (int k = 0; k < range; k++)
            {
                int censored = start[2 * k], deaths = start[2 * k + 1];
                if (censored + deaths == 0) continue;
                blocks.Add(pos);
                eventStarts.Add(pos + censored);
                start[2 * k] = pos;
                start[2 * k + 1] = pos + censored;
                pos += censored + deaths;
            }
            for (int i = 0; i < n; i++) rank[i] = start[(((int)((long)time[i] - lmin)) << 1) | (died[i] ? 1 : 0)]++;
        }
        else
        {
            var keys = time.ToArray();
            var order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            Array.Sort(keys, order);
            var deaths = new List<int>();
            for (int i = 0; i < n;)
            {
                double t = keys[i];
                int from = i, at = i;
                deaths.Clear();
                for (; i < n && keys[i] == t; i++)
                {
                    int r = order[i];
                    if (died[r]) deaths.Add(r); else order[at++] = r;
                }
                blocks.Add(from);
                eventStarts.Add(at);
                foreach (int r in deaths) order[at++] = r;
            }
            for (int k = 0; k < n; k++) rank[order[k]] = k;
        }
        blocks.Add(n);
        return new CoxData(n, events, blocks.ToArray(), eventStarts.ToArray(), rank, covariates.ToArray(), means, scales, names.ToArray());
    }

    /// <summary>Row length of <see cref="RentRowMajor"/>: p rounded up to whole SIMD vectors.</summary>
    public static int Stride(int p) => p == 0 ? 0 : (p + Vector<double>.Count - 1) / Vector<double>.Count * Vector<double>.Count;

    /// <summary>
    /// The chosen centred and scaled columns as one row-major array, <see cref="Stride"/> values per row (zero padded),
    /// in a pooled array at least that long: give it back with <see cref="ReturnRows"/>.
    /// </summary>
    public double[] RentRowMajor(int[] cols)
    {
        int p = cols.Length, stride = Stride(p);
        int length = checked(N * stride);
        var x = ArrayPool<double>.Shared.Rent(Math.Max(length, 1));
        if (p == 0) return x;
        if (stride != p) Array.Clear(x, 0, length);
        var src = cols.Select(c => Columns[c]).ToArray();
        var mean = cols.Select(c => Means[c]).ToArray();
        var scale = cols.Select(c => Scales[c]).ToArray();
        var rank = Rank;
        // Read the columns in input order, write each subject's row at its sorted position (one cache line per row).
        for (int i = 0; i < N; i++)
        {
            int at = rank[i] * stride;
            for (int k = 0; k < p; k++) x[at + k] = (src[k][i] - mean[k]) * scale[k];
        }
        return x;
    }

    public static void ReturnRows(double[] x) => ArrayPool<double>.Shared.Return(x);

    /// <summary>
    /// Log partial likelihood at beta; fills the score u (length p) and the information (p × p, row-major).
    /// Risk-set sums are accumulated from the largest time down, one block of tied times at a time; with
    /// Efron's method the tied deaths' sums are removed in fractions r/d, using scalar sums so the work per
    /// block is O(d + p²). Per subject the work is one SIMD outer product (O(p²)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Evaluate(double[] x, int p, double[] beta, CoxTies ties, double[] u, double[] imat)
    {
        Array.Clear(u);
        Array.Clear(imat);
        int stride = Stride(p), nv = stride / Vector<double>.Count;
        var betaPadded = new double[stride];
        beta.AsSpan(0, p).CopyTo(betaPadded);
        var s1 = new double[stride];
        var s2 = new double[p * stride];
        var e1 = new double[stride];
        var e2 = new double[p * stride];
        var sumX = new double[stride];
        double s0 = 0, loglik = 0;
        var blocks = BlockStart;
        var eventStart = EventStart;
        var xv = MemoryMarshal.Cast<double, Vector<double>>(x.AsSpan());
        var bv = MemoryMarshal.Cast<double, Vector<double>>(betaPadded.AsSpan());
        var sumXv = MemoryMarshal.Cast<double, Vector<double>>(sumX.AsSpan());

        for (int b = blocks.Length - 2; b >= 0; b--)
        {
            int from = blocks[b], firstEvent = eventStart[b], to = blocks[b + 1];
            // Censored subjects go straight into the risk-set sums.
            for (int i = from; i < firstEvent; i++)
            {
                var row = xv.Slice(i * nv, nv);
                double w = Math.Exp(Dot(row, bv));
                s0 += w;
                Accumulate(row, w, s1, s2, p, nv);
            }
            int d = to - firstEvent;
            if (d == 0) continue;
            double e0 = 0, sumEta = 0;
            for (int i = firstEvent; i < to; i++)
            {
                var row = xv.Slice(i * nv, nv);
                double eta = Dot(row, bv);
                double w = Math.Exp(eta);
                sumEta += eta;
                e0 += w;
                Accumulate(row, w, e1, e2, p, nv);
                for (int v = 0; v < nv; v++) sumXv[v] += row[v];
            }
            s0 += e0;
            for (int j = 0; j < stride; j++) s1[j] += e1[j];
            for (int j = 0; j < s2.Length; j++) s2[j] += e2[j];

            loglik += sumEta;
            for (int j = 0; j < p; j++) u[j] += sumX[j];
            if (ties == CoxTies.Breslow || d == 1)
            {
                loglik -= d * Math.Log(s0);
                for (int j = 0; j < p; j++)
                {
                    double mj = s1[j] / s0;
                    u[j] -= d * mj;
                    for (int k = 0; k <= j; k++)
                        imat[j * p + k] += d * (s2[j * stride + k] / s0 - mj * s1[k] / s0);
                }
            }
            else
            {
                double a1 = 0, b1 = 0, a2 = 0, b2 = 0, c2 = 0;
                for (int r = 0; r < d; r++)
                {
                    double f = (double)r / d;
                    double den = s0 - f * e0;
                    loglik -= Math.Log(den);
                    double inv = 1 / den, inv2 = inv * inv;
                    a1 += inv; b1 += f * inv; a2 += inv2; b2 += f * inv2; c2 += f * f * inv2;
                }
                for (int j = 0; j < p; j++)
                {
                    u[j] -= s1[j] * a1 - e1[j] * b1;
                    for (int k = 0; k <= j; k++)
                        imat[j * p + k] += s2[j * stride + k] * a1 - e2[j * stride + k] * b1
                                    - (s1[j] * s1[k] * a2 - (s1[j] * e1[k] + e1[j] * s1[k]) * b2 + e1[j] * e1[k] * c2);
                }
            }
            Array.Clear(sumX);
            Array.Clear(e1);
            Array.Clear(e2);
        }
        for (int j = 0; j < p; j++)
            for (int k = 0; k < j; k++)
                imat[k * p + j] = imat[j * p + k];
        return loglik;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Dot(ReadOnlySpan<Vector<double>> row, ReadOnlySpan<Vector<double>> beta)
    {
        if (row.IsEmpty) return 0;
        var acc = row[0] * beta[0];
        for (int v = 1; v < row.Length; v++) acc += row[v] * beta[v];
        return Vector.Sum(acc);
    }

    /// <summary>a1 += w x; a2 += w x x' (full rows of <paramref name="nv"/> vectors, one per covariate).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ReadOnlySpan<Vector<double>> row, double w, double[] a1, double[] a2, int p, int nv)
    {
        var a1v = MemoryMarshal.Cast<double, Vector<double>>(a1.AsSpan());
        var a2v = MemoryMarshal.Cast<double, Vector<double>>(a2.AsSpan());
        var wv = new Vector<double>(w);
        for (int v = 0; v < nv; v++) a1v[v] += wv * row[v];
        var rowScalars = MemoryMarshal.Cast<Vector<double>, double>(row);
        for (int j = 0; j < p; j++)
        {
            var wx = new Vector<double>(w * rowScalars[j]);
            var dst = a2v.Slice(j * nv, nv);
            for (int v = 0; v < nv; v++) dst[v] += wx * row[v];
        }
    }
}
