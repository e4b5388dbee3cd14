using System.Globalization;

namespace PvpRegistry.Reports.Study;

/// <summary>Numbers as the report prints them (docs/presentation.md).</summary>
internal static class ReportFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>p with 3 decimals, <c>&lt;0.001</c> below that; <c>-</c> when not computed.</summary>
    public static string P(double? p) => p is not { } v || double.IsNaN(v) ? "-" : v < 0.001 ? "<0.001" : v.ToString("0.000", Inv);

    /// <summary>"p = 0.038" or "p < 0.001" for running text.</summary>
    public static string PIs(double? p) => p is { } v && v < 0.001 ? "p < 0.001" : "p = " + P(p);

    public static string F(double? v, int decimals) => v is { } x && double.IsFinite(x) ? x.ToString("F" + decimals, Inv) : "-";

    /// <summary>A median survival time: months with one decimal, <c>NR</c> when not reached.</summary>
    public static string Median(double? months) => months is { } m ? m.ToString("0.0", Inv) : "NR";

    /// <summary>A confidence interval in brackets, <c>(lo-hi)</c>; a limit that does not exist is <c>-</c>.</summary>
    public static string Ci(double? lower, double? upper, int decimals) => $"({F(lower, decimals)}-{F(upper, decimals)})";

    /// <summary>mean ± SD with the given decimals (the measure's precision plus one).</summary>
    public static string MeanSd(double mean, double? sd, int decimals) =>
        sd is { } s ? $"{mean.ToString("F" + decimals, Inv)} ± {s.ToString("F" + decimals, Inv)}" : mean.ToString("F" + decimals, Inv);

    public static string Percent(int count, int total) => total == 0 ? "-" : (100.0 * count / total).ToString("0.0", Inv) + "%";

    public static string Int(int v) => v.ToString(Inv);
}
