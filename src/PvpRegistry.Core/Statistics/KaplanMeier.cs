using MathNet.Numerics.Distributions;

namespace PvpRegistry.Core.Statistics;

/// <summary>Confidence interval for a survival probability. <see cref="Log"/> is R survfit's default.</summary>
public enum ConfidenceType
{
    /// <summary>exp(log S ± z σ), upper capped at 1 (R <c>conf.type = "log"</c>, the default).</summary>
    Log = 0,
    /// <summary>S^exp(± z σ / log S) (R <c>conf.type = "log-log"</c>, SPSS's choice).</summary>
    LogLog,
    /// <summary>S ± z S σ clipped to [0, 1] (R <c>conf.type = "plain"</c>).</summary>
    Plain,
}

/// <summary>Survival at one time: the estimate with its standard error and confidence limits (null where they do not exist).</summary>
public sealed record SurvivalPoint(double Time, double Survival, double? StdErr, double? Lower, double? Upper);

/// <summary>
/// A Kaplan-Meier curve: one row per distinct follow-up time (event or censoring), as R's
/// <c>survfit</c> keeps it, with Greenwood standard errors and pointwise confidence limits.
/// </summary>
public sealed class SurvivalCurve
{
    internal SurvivalCurve(string name, ConfidenceType confType, double confLevel, SurvivalTable table)
    {
        Name = name;
        ConfidenceType = confType;
        ConfidenceLevel = confLevel;
        N = table.N;
        Events = table.TotalEvents;
        int m = table.Count;
        Time = table.Time;
        NEvent = table.Events;
        NCensor = table.Censored;
        NRisk = new int[m];
        Survival = new double[m];
        StdErr = new double?[m];
        Lower = new double?[m];
        Upper = new double?[m];
        Sigma = new double[m];

        double z = Normal.InvCDF(0, 1, 1 - (1 - confLevel) / 2);
        int atRisk = table.N;
        double s = 1, greenwood = 0;
        for (int i = 0; i < m; i++)
        {
            int d = table.Events[i];
            NRisk[i] = atRisk;
            if (d > 0)
            {
                s *= (double)(atRisk - d) / atRisk;
                greenwood = atRisk == d ? double.PositiveInfinity : greenwood + d / ((double)atRisk * (atRisk - d));
            }
            Survival[i] = s;
            Sigma[i] = Math.Sqrt(greenwood);
            (StdErr[i], Lower[i], Upper[i]) = Limits(s, Sigma[i], z, confType);
            atRisk -= d + table.Censored[i];
        }
        (Median, MedianLower, MedianUpper) = (
            KaplanMeier.Median(Time, Survival),
            KaplanMeier.Median(Time, Lower),
            KaplanMeier.Median(Time, Upper));
    }

    public string Name { get; }
    public ConfidenceType ConfidenceType { get; }
    public double ConfidenceLevel { get; }
    /// <summary>Subjects in the group.</summary>
    public int N { get; }
    /// <summary>Events in the group.</summary>
    public int Events { get; }
    public double[] Time { get; }
    public int[] NRisk { get; }
    public int[] NEvent { get; }
    public int[] NCensor { get; }
    public double[] Survival { get; }
    /// <summary>Standard error of S(t) (S times the Greenwood σ, as <c>summary.survfit</c>); null once S = 0.</summary>
    public double?[] StdErr { get; }
    public double?[] Lower { get; }
    public double?[] Upper { get; }
    /// <summary>Greenwood σ(t): the standard error of log S(t) (R's <c>std.err</c> slot).</summary>
    public double[] Sigma { get; }
    /// <summary>Median survival (R's printed-table rule, see <see cref="KaplanMeier.Median(double[], double?[])"/>); null when the curve never reaches 0.5.</summary>
    public double? Median { get; }
    public double? MedianLower { get; }
    public double? MedianUpper { get; }

    /// <summary>
    /// Survival at time t: the step value at the last follow-up time &lt;= t; 1 (SE 0) before the first;
    /// the last value carried beyond the end of follow-up (R <c>summary(fit, times, extend = TRUE)</c>).
    /// </summary>
    public SurvivalPoint At(double t)
    {
        int i = LastAtOrBefore(t);
        return i < 0 ? new SurvivalPoint(t, 1, 0, 1, 1) : new SurvivalPoint(t, Survival[i], StdErr[i], Lower[i], Upper[i]);
    }

    /// <summary>Number at risk at time t (follow-up time &gt;= t), e.g. for the table under a plot.</summary>
    public int NumberAtRisk(double t)
    {
        int i = Array.BinarySearch(Time, t);
        if (i < 0) i = ~i;
        return i < Time.Length ? NRisk[i] : 0;
    }

    private int LastAtOrBefore(double t)
    {
        int i = Array.BinarySearch(Time, t);
        return i >= 0 ? i : ~i - 1;
    }

    private static (double?, double?, double?) Limits(double s, double sigma, double z, ConfidenceType type)
    {
        if (double.IsInfinity(sigma) || s == 0) return (null, null, null);
        double se = s * sigma;
        switch (type)
        {
            case ConfidenceType.Log:
                return (se, Math.Exp(Math.Log(s) - z * sigma), Math.Min(1, Math.Exp(Math.Log(s) + z * sigma)));
            case ConfidenceType.LogLog:
                if (s == 1) return (se, null, null); // R leaves log-log limits undefined at S = 1
                double ls = Math.Log(s), lls = Math.Log(-ls);
                return (se, Math.Exp(-Math.Exp(lls - z * sigma / ls)), Math.Exp(-Math.Exp(lls + z * sigma / ls)));
            case ConfidenceType.Plain:
                return (se, Math.Max(0, s - z * se), Math.Min(1, s + z * se));
            default:
                throw new ArgumentOutOfRangeException(nameof(type));
        }
    }
}

/// <summary>Kaplan-Meier estimation as R's <c>survfit(Surv(time, event) ~ group)</c>.</summary>
public static class KaplanMeier
{
    /// <summary>One curve over all subjects.</summary>
    public static SurvivalCurve Fit(ReadOnlySpan<double> time, ReadOnlySpan<bool> died, string name = "all",
        ConfidenceType confType = ConfidenceType.Log, double confLevel = 0.95)
    {
        CheckLevel(confLevel);
        var table = SurvivalTable.Build(time, died, default, 1)[0];
        return new SurvivalCurve(name, confType, confLevel, table);
    }

    /// <summary>One curve per group; groups in the order of <see cref="GroupLevels.Names"/>.</summary>
    public static IReadOnlyList<SurvivalCurve> FitByGroup(ReadOnlySpan<double> time, ReadOnlySpan<bool> died, GroupLevels groups,
        ConfidenceType confType = ConfidenceType.Log, double confLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(groups);
        CheckLevel(confLevel);
        return FromTables(SurvivalTable.Build(time, died, groups.Codes, groups.Names.Count), groups.Names, confType, confLevel);
    }

    /// <summary>One curve per table, named in order.</summary>
    internal static IReadOnlyList<SurvivalCurve> FromTables(SurvivalTable[] tables, IReadOnlyList<string> names, ConfidenceType confType, double confLevel)
    {
        CheckLevel(confLevel);
        var curves = new SurvivalCurve[tables.Length];
        for (int g = 0; g < tables.Length; g++) curves[g] = new SurvivalCurve(names[g], confType, confLevel, tables[g]);
        return curves;
    }

    /// <summary>One curve per distinct group label (compared as text).</summary>
    public static IReadOnlyList<SurvivalCurve> FitByGroup(ReadOnlySpan<double> time, ReadOnlySpan<bool> died, IReadOnlyList<string> groups,
        ConfidenceType confType = ConfidenceType.Log, double confLevel = 0.95)
        => FitByGroup(time, died, GroupLevels.Encode(groups), confType, confLevel);

    private static void CheckLevel(double level)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), "Confidence level must be between 0 and 1.");
    }

    /// <summary>
    /// The median of a step curve by the rule of R's <c>print(survfit)</c> and <c>summary(survfit)$table</c>
    /// (survival's <c>survmean</c>), which SPSS follows too: the first time the curve is at or below 0.5;
    /// when it sits exactly at 0.5 there (within sqrt(machine epsilon)), the midpoint between that time and
    /// the time the curve next drops below 0.5, and that first time itself when it never drops again (a
    /// plateau at 0.5 to the end of follow-up). Null when the curve never reaches 0.5. Missing (null) values
    /// of a confidence limit are skipped, as R does. (R's <c>quantile.survfit</c> differs on the final
    /// plateau, where it takes the midpoint with the last follow-up time; the printed table is what papers quote.)
    /// </summary>
    internal static double? Median(double[] time, double[] surv)
    {
        var values = new double?[surv.Length];
        for (int i = 0; i < surv.Length; i++) values[i] = surv[i];
        return Median(time, values);
    }

    internal static double? Median(double[] time, double?[] surv)
    {
        const double tol = 1.4901161193847656e-08; // sqrt(.Machine$double.eps), as R's all.equal
        int first = -1;
        for (int i = 0; i < surv.Length; i++)
            if (surv[i] is { } s && s < 0.5 + tol) { first = i; break; }
        if (first < 0) return null;
        double level = surv[first]!.Value;
        if (Math.Abs(level - 0.5) < tol)
            for (int i = first + 1; i < surv.Length; i++)
                if (surv[i] is { } s && s < level) return (time[first] + time[i]) / 2;
        return time[first];
    }
}
