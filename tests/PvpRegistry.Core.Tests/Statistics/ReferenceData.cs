using System.Globalization;
using System.Text.Json;

namespace PvpRegistry.Core.Tests.Statistics;

/// <summary>The reference datasets and R's results on them, read from TestData at test time.</summary>
internal static class ReferenceData
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", file);

    public static JsonElement Json(string dataset, string key)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(PathOf(dataset + ".json")));
        return doc.RootElement.GetProperty(key).Clone();
    }

    /// <summary>Columns of a reference CSV as text (quotes removed, empty and NA as null).</summary>
    public static Dictionary<string, string?[]> Csv(string dataset)
    {
        var lines = File.ReadAllLines(PathOf(dataset + ".csv"));
        var header = lines[0].Split(',').Select(Unquote).ToArray();
        var cols = header.ToDictionary(h => h!, _ => new string?[lines.Length - 1]);
        for (int i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            for (int j = 0; j < header.Length; j++)
            {
                var v = j < cells.Length ? Unquote(cells[j]) : null;
                cols[header[j]!][i - 1] = string.IsNullOrEmpty(v) || v == "NA" ? null : v;
            }
        }
        return cols;
    }

    /// <summary>Complete cases of the named columns, as numbers.</summary>
    public static double[][] Numeric(Dictionary<string, string?[]> csv, params string[] names)
    {
        int n = csv[names[0]].Length;
        var keep = Enumerable.Range(0, n).Where(i => names.All(c => csv[c][i] is not null)).ToArray();
        return names.Select(c => keep.Select(i => double.Parse(csv[c][i]!, CultureInfo.InvariantCulture)).ToArray()).ToArray();
    }

    public static bool[] Events(double[] status) => status.Select(s => s == 1).ToArray();

    private static string? Unquote(string s) => s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? s[1..^1] : s;
}

/// <summary>Assertions with a relative tolerance: |a - e| &lt;= rtol × max(|e|, 1e-3), as the project's compare tool.</summary>
internal static class Close
{
    public static void Equal(double expected, double actual, double rtol, string what)
    {
        Assert.True(Math.Abs(actual - expected) <= rtol * Math.Max(Math.Abs(expected), 1e-3),
            $"{what}: expected {expected.ToString("R", CultureInfo.InvariantCulture)}, got {actual.ToString("R", CultureInfo.InvariantCulture)}");
    }

    /// <summary>A JSON number (or null) against a value that may not exist.</summary>
    public static void Equal(JsonElement expected, double? actual, double rtol, string what)
    {
        if (expected.ValueKind == JsonValueKind.Null)
        {
            Assert.True(actual is null, $"{what}: expected null, got {actual}");
            return;
        }
        Assert.True(actual is not null, $"{what}: expected {expected.GetDouble()}, got null");
        Equal(expected.GetDouble(), actual!.Value, rtol, what);
    }

    /// <summary>
    /// Every number, string and null of <paramref name="expected"/> is in <paramref name="actual"/> at the same place
    /// (lists of named objects matched by name, keys starting with '_' skipped). Returns how many values were checked.
    /// </summary>
    public static int JsonMatches(JsonElement expected, JsonElement actual, double rtol, string path = "$")
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Number:
                Assert.True(actual.ValueKind == JsonValueKind.Number, $"{path}: expected a number, got {actual.ValueKind}");
                Equal(expected.GetDouble(), actual.GetDouble(), rtol, path);
                return 1;
            case JsonValueKind.String:
                Assert.Equal(expected.GetString(), actual.ValueKind == JsonValueKind.String ? actual.GetString() : actual.ToString());
                return 1;
            case JsonValueKind.Null:
                Assert.True(actual.ValueKind == JsonValueKind.Null, $"{path}: expected null, got {actual}");
                return 1;
            case JsonValueKind.True or JsonValueKind.False:
                Assert.Equal(expected.GetBoolean(), actual.GetBoolean());
                return 1;
            case JsonValueKind.Object:
                if (!expected.EnumerateObject().Any()) return 0; // R writes an empty list as {}
                Assert.True(actual.ValueKind == JsonValueKind.Object, $"{path}: expected an object, got {actual.ValueKind}");
                int n = 0;
                foreach (var p in expected.EnumerateObject())
                {
                    if (p.Name.StartsWith('_')) continue;
                    Assert.True(actual.TryGetProperty(p.Name, out var a), $"{path}.{p.Name}: missing");
                    n += JsonMatches(p.Value, a, rtol, $"{path}.{p.Name}");
                }
                return n;
            case JsonValueKind.Array:
                Assert.True(actual.ValueKind == JsonValueKind.Array, $"{path}: expected a list, got {actual.ValueKind}");
                var e = expected.EnumerateArray().ToArray();
                var x = actual.EnumerateArray().ToArray();
                int m = 0;
                if (e.Length > 0 && e.All(v => v.ValueKind == JsonValueKind.Object && v.TryGetProperty("name", out _)))
                {
                    var byName = x.ToDictionary(v => v.GetProperty("name").ToString());
                    foreach (var v in e)
                    {
                        var name = v.GetProperty("name").ToString();
                        Assert.True(byName.ContainsKey(name), $"{path}[{name}]: missing");
                        m += JsonMatches(v, byName[name], rtol, $"{path}[{name}]");
                    }
                    return m;
                }
                Assert.True(e.Length == x.Length, $"{path}: expected {e.Length} items, got {x.Length}");
                for (int i = 0; i < e.Length; i++) m += JsonMatches(e[i], x[i], rtol, $"{path}[{i}]");
                return m;
            default:
                throw new InvalidOperationException($"{path}: unexpected JSON {expected.ValueKind}");
        }
    }
}

/// <summary>Freireich's 6-MP leukaemia trial (Gehan 1965): remission times in weeks, 21 on 6-MP and 21 on placebo.</summary>
internal static class Leukaemia
{
    // 6-MP arm; a negative value marks a censored time.
    private static readonly int[] Drug = [6, 6, 6, -6, 7, -9, 10, -10, -11, 13, 16, -17, -19, -20, 22, 23, -25, -32, -32, -34, -35];
    private static readonly int[] Placebo = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23];

    public static double[] Time => Drug.Concat(Placebo).Select(t => (double)Math.Abs(t)).ToArray();
    public static bool[] Died => Drug.Select(t => t > 0).Concat(Placebo.Select(_ => true)).ToArray();
    public static string[] Group => Drug.Select(_ => "6-MP").Concat(Placebo.Select(_ => "placebo")).ToArray();
    /// <summary>1 for placebo, 0 for 6-MP.</summary>
    public static double[] IsPlacebo => Drug.Select(_ => 0.0).Concat(Placebo.Select(_ => 1.0)).ToArray();
}
