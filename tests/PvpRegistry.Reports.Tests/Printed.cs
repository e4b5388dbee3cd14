using System.Globalization;
using System.Text.Json;

namespace PvpRegistry.Reports.Tests;

/// <summary>
/// Numbers of `pvp study`'s JSON as the presentation rules print them, written out here independently of the
/// report's code: p with 3 decimals or &lt;0.001, proportions and Cox values with 3, months with 1, NR, CI limits "-".
/// </summary>
internal static class Printed
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static double? Num(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    public static string P(double? p) => p is not { } v ? "-" : v < 0.001 ? "<0.001" : Math.Round(v, 3, MidpointRounding.AwayFromZero).ToString("0.000", Inv);

    public static string Fixed(double? v, int decimals) => v is { } x ? x.ToString("F" + decimals, Inv) : "-";

    public static string Median(double? v) => v is null ? "NR" : Fixed(v, 1);

    public static string Ci(double? lower, double? upper, int decimals)
    {
        string lo = Fixed(lower, decimals), hi = Fixed(upper, decimals);
        return lower is null || upper is null ? $"({lo} - {hi})" : $"({lo}-{hi})";
    }
}
