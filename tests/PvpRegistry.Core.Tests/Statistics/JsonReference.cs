using System.Globalization;
using System.Text.Json;

namespace PvpRegistry.Core.Tests.Statistics;

/// <summary>
/// Compares a JSON result with an R reference file, strictly: every key of the reference must exist,
/// lists are compared by position (so the order of factors and levels counts), numbers within a relative
/// tolerance (|a - e| &lt;= rtol |e|; e = 0 must be 0 within 1e-300), strings and nulls exactly. Keys
/// starting with '_' are R's bookkeeping (row names), as the project's compare tool skips them.
/// Fails with the JSON path of the first mismatch.
/// </summary>
internal static class JsonReference
{
    /// <summary>Returns the number of values compared.</summary>
    /// <param name="tolerance">Relative tolerance for a number at the given path (e.g. looser under the Cox model).</param>
    public static int AssertMatches(JsonElement expected, JsonElement actual, Func<string, double> tolerance, string path = "$")
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Number:
                if (actual.ValueKind != JsonValueKind.Number) Assert.Fail($"{path}: expected {expected}, got {actual.ValueKind}");
                double e = expected.GetDouble(), a = actual.GetDouble(), rtol = tolerance(path);
                if (!(Math.Abs(a - e) <= Math.Max(rtol * Math.Abs(e), 1e-300)))
                    Assert.Fail($"{path}: expected {e.ToString("R", CultureInfo.InvariantCulture)}, got {a.ToString("R", CultureInfo.InvariantCulture)} (relative tolerance {rtol})");
                return 1;
            case JsonValueKind.String:
                if (actual.ValueKind != JsonValueKind.String || actual.GetString() != expected.GetString())
                    Assert.Fail($"{path}: expected \"{expected.GetString()}\", got {actual}");
                return 1;
            case JsonValueKind.Null:
                if (actual.ValueKind != JsonValueKind.Null) Assert.Fail($"{path}: expected null, got {actual}");
                return 1;
            case JsonValueKind.True or JsonValueKind.False:
                if (actual.ValueKind != expected.ValueKind) Assert.Fail($"{path}: expected {expected}, got {actual}");
                return 1;
            case JsonValueKind.Object:
                if (actual.ValueKind != JsonValueKind.Object) Assert.Fail($"{path}: expected an object, got {actual.ValueKind}");
                int n = 0;
                foreach (var p in expected.EnumerateObject())
                {
                    if (p.Name.StartsWith('_')) continue;
                    if (!actual.TryGetProperty(p.Name, out var value)) Assert.Fail($"{path}.{p.Name}: missing");
                    n += AssertMatches(p.Value, value, tolerance, $"{path}.{p.Name}");
                }
                return n;
            case JsonValueKind.Array:
                if (actual.ValueKind != JsonValueKind.Array) Assert.Fail($"{path}: expected a list, got {actual.ValueKind}");
                var x = expected.EnumerateArray().ToArray();
                var y = actual.EnumerateArray().ToArray();
                if (x.Length != y.Length) Assert.Fail($"{path}: expected {x.Length} items, got {y.Length}");
                int m = 0;
                for (int i = 0; i < x.Length; i++) m += AssertMatches(x[i], y[i], tolerance, $"{path}[{i}]");
                return m;
            default:
                throw new InvalidOperationException($"{path}: unexpected JSON {expected.ValueKind}");
        }
    }

    /// <summary>The study tolerance: 1e-6 relative, 1e-5 for the Cox model (iterative fit).</summary>
    public static double StudyTolerance(string path) => path.StartsWith("$.cox_", StringComparison.Ordinal) ? 1e-5 : 1e-6;

    public static JsonElement Load(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(ReferenceData.PathOf(file)));
        return doc.RootElement.Clone();
    }

    public static JsonElement Parse(byte[] utf8)
    {
        using var doc = JsonDocument.Parse(utf8);
        return doc.RootElement.Clone();
    }
}
