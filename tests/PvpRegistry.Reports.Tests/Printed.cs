using System.Globalization;

namespace PvpRegistry.Reports.Tests;

/// <summary>
/// Numbers of the study analysis (`pvp study`) as the presentation rules print them, written out here independently of the
/// report's code: p with 3 decimals or &lt;0.001, proportions and Cox values with 3, months with 1, NR, CI limits "-".
/// </summary>
internal static class Printed
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A value as `pvp study`'s JSON has it: null when missing or not finite.</summary>
    public static double? Num(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    public static string P(double? p) => p is not { } v ? "-" : v < 0.001 ? "<0.001" : Math.Round(v, 3, MidpointRounding.AwayFromZero).ToString("0.000", Inv);

    public static string Fixed(double? v, int decimals) => v is { } x ? x.ToString("F" + decimals, Inv) : "-";

    public static string Median(double? v) => v is null ? "NR" : Fixed(v, 1);

    /// <summary>A median's CI: a limit the limit curve does not reach is NR, like the median: <c>(14.7-NR)</c>.</summary>
    public static string MedianCi(double? lower, double? upper) => $"({Median(lower)}-{Median(upper)})";

    public static string Ci(double? lower, double? upper, int decimals)
    {
        string lo = Fixed(lower, decimals), hi = Fixed(upper, decimals);
        return lower is null || upper is null ? $"({lo} - {hi})" : $"({lo}-{hi})";
    }
}
