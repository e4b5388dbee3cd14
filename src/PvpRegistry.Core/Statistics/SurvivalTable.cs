namespace PvpRegistry.Core.Statistics;

/// <summary>
/// The distinct follow-up times of one group, ascending, with the number of events and of
/// censored subjects at each. Built in one pass over the data: a counting sort when every
/// time is an integer in a compact range (days, months), otherwise one sort per group.
/// </summary>
internal sealed class SurvivalTable
{
    public required double[] Time { get; init; }
    public required int[] Events { get; init; }
    public required int[] Censored { get; init; }
    public int Count => Time.Length;
    public int N { get; init; }
    public int TotalEvents { get; init; }

    /// <summary>
    /// One table per group code 0..groups-1. With <paramref name="divisor"/> the tables hold time / divisor:
    /// whole days given with the days per month give tables in months through the counting sort, each time
    /// exactly the double that days / divisor is, in the same order as sorting those months would give.
    /// </summary>
    public static SurvivalTable[] Build(ReadOnlySpan<double> time, ReadOnlySpan<bool> died, ReadOnlySpan<int> group, int groups, double divisor = 1)
    {
        if (!(divisor > 0 && double.IsFinite(divisor))) throw new ArgumentOutOfRangeException(nameof(divisor));
        int n = time.Length;
        if (died.Length != n || (!group.IsEmpty && group.Length != n))
            throw new ArgumentException("time, event and group must have the same length.");
        if (groups < 1) throw new ArgumentOutOfRangeException(nameof(groups));

        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        bool integral = true;
        for (int i = 0; i < n; i++)
        {
            double t = time[i];
            if (!double.IsFinite(t)) throw new ArgumentException($"Time at position {i} is not a finite number.");
            if (t < min) min = t;
            if (t > max) max = t;
            if (integral && t != Math.Floor(t)) integral = false;
        }
        if (!group.IsEmpty)
            for (int i = 0; i < n; i++)
                if ((uint)group[i] >= (uint)groups) throw new ArgumentException($"Group code at position {i} is out of range.");

        if (n == 0) return Enumerable.Range(0, groups).Select(_ => Empty()).ToArray();

        double range = max - min + 1;
        if (integral && range <= Math.Max(4L * n, 1 << 16) && range * groups <= 16_000_000)
            return Counting(time, died, group, groups, (long)min, (int)range, divisor);
        return Sorting(time, died, group, groups, divisor);
    }

    private static SurvivalTable Empty() => new() { Time = [], Events = [], Censored = [] };

    private static SurvivalTable[] Counting(ReadOnlySpan<double> time, ReadOnlySpan<bool> died, ReadOnlySpan<int> group, int groups, long min, int range, double divisor)
    {
        // counts[(g * range + t - min) * 2 + (died ? 1 : 0)]
        var counts = new int[(long)groups * range * 2];
        int n = time.Length;
        if (group.IsEmpty)
            for (int i = 0; i < n; i++)
                counts[((int)((long)time[i] - min) << 1) + (died[i] ? 1 : 0)]++;
        else
            for (int i = 0; i < n; i++)
                counts[((group[i] * range + (int)((long)time[i] - min)) << 1) + (died[i] ? 1 : 0)]++;

        var tables = new SurvivalTable[groups];
        for (int g = 0; g < groups; g++)
        {
            int offset = g * range * 2, distinct = 0;
            for (int k = 0; k < range; k++)
                if ((counts[offset + 2 * k] | counts[offset + 2 * k + 1]) != 0) distinct++;
            var t = new double[distinct];
            var e = new int[distinct];
            var c = new int[distinct];
            int j = 0, total = 0, events = 0;
            for (int k = 0; k < range; k++)
            {
                int cen = counts[offset + 2 * k], ev = counts[offset + 2 * k + 1];
                if ((cen | ev) == 0) continue;
                t[j] = (min + k) / divisor; e[j] = ev; c[j] = cen; j++;
                total += cen + ev; events += ev;
            }
            tables[g] = new SurvivalTable { Time = t, Events = e, Censored = c, N = total, TotalEvents = events };
        }
        return tables;
    }

    private static SurvivalTable[] Sorting(ReadOnlySpan<double> time, ReadOnlySpan<bool> died, ReadOnlySpan<int> group, int groups, double divisor)
    {
        int n = time.Length;
        // Per group, event times and censored times in separate arrays, each sorted, then merged.
        var eventCount = new int[groups];
        var censorCount = new int[groups];
        for (int i = 0; i < n; i++)
        {
            int g = group.IsEmpty ? 0 : group[i];
            if (died[i]) eventCount[g]++; else censorCount[g]++;
        }
        var ev = new double[groups][];
        var ce = new double[groups][];
        for (int g = 0; g < groups; g++) { ev[g] = new double[eventCount[g]]; ce[g] = new double[censorCount[g]]; }
        var ei = new int[groups];
        var ci = new int[groups];
        for (int i = 0; i < n; i++)
        {
            int g = group.IsEmpty ? 0 : group[i];
            if (died[i]) ev[g][ei[g]++] = time[i]; else ce[g][ci[g]++] = time[i];
        }
        var tables = new SurvivalTable[groups];
        for (int g = 0; g < groups; g++)
        {
            double[] a = ev[g], b = ce[g];
            Array.Sort(a);
            Array.Sort(b);
            var t = new List<double>();
            var e = new List<int>();
            var c = new List<int>();
            int ia = 0, ib = 0;
            while (ia < a.Length || ib < b.Length)
            {
                double next = ia < a.Length && (ib >= b.Length || a[ia] <= b[ib]) ? a[ia] : b[ib];
                int de = 0, dc = 0;
                while (ia < a.Length && a[ia] == next) { de++; ia++; }
                while (ib < b.Length && b[ib] == next) { dc++; ib++; }
                t.Add(next / divisor); e.Add(de); c.Add(dc);
            }
            tables[g] = new SurvivalTable
            {
                Time = t.ToArray(), Events = e.ToArray(), Censored = c.ToArray(),
                N = a.Length + b.Length, TotalEvents = a.Length,
            };
        }
        return tables;
    }
}
