using System.Globalization;
using System.Text.Json;

namespace PvpRegistry.Core.Tests.Statistics;

/// <summary>
/// Reference values computed by R: tests-reference.json (made by TestData/make-tests-reference.R),
/// obk.json and cohort-demo.json; plus the datasets they were computed on.
/// </summary>
internal static class TestsReference
{
    private static readonly Lazy<JsonElement> TestsJson = new(() => Load("tests-reference.json"));
    private static readonly Lazy<JsonElement> ObkJson = new(() => Load("obk.json"));
    private static readonly Lazy<JsonElement> CohortJson = new(() => Load("cohort-demo.json"));
    private static readonly Lazy<CsvTable> CohortCsv = new(() => CsvTable.Read(Path("cohort-demo.csv")));
    private static readonly Lazy<CsvTable> ObkCsv = new(() => CsvTable.Read(Path("obk.csv")));

    public static JsonElement Reference => TestsJson.Value;
    public static JsonElement ObkReference => ObkJson.Value;
    public static JsonElement StudyReference => CohortJson.Value;
    public static CsvTable CohortData => CohortCsv.Value;
    public static CsvTable ObkData => ObkCsv.Value;

    /// <summary>Navigates a dotted path, e.g. "two_sample.sleep.welch".</summary>
    public static JsonElement At(this JsonElement element, string path)
    {
        foreach (var key in path.Split('.')) element = element.GetProperty(key);
        return element;
    }

    public static double Number(this JsonElement element, string path) => element.At(path).GetDouble();

    public static double[] Numbers(this JsonElement element, string path) =>
        element.At(path).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static int[,] IntMatrix(this JsonElement element, string path) => ToMatrix(element.At(path), e => e.GetInt32());

    public static double[,] DoubleMatrix(this JsonElement element, string path) => ToMatrix(element.At(path), e => e.GetDouble());

    /// <summary>Asserts |actual - expected| &lt;= tolerance |expected| (absolute below 1e-300).</summary>
    public static void Close(double expected, double actual, double relativeTolerance, string what = "")
    {
        var scale = Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(actual - expected) <= relativeTolerance * scale,
            $"{what}: expected {expected:R}, got {actual:R} (relative difference {Math.Abs(actual - expected) / scale:E2}, tolerance {relativeTolerance:E0})");
    }

    public static void Close(JsonElement expected, string path, double actual, double relativeTolerance) =>
        Close(expected.Number(path), actual, relativeTolerance, path);

    /// <summary>Survival months of each cohort patient, (status date - procedure date) / 30.4375, as the study defines them.</summary>
    public static double[] CohortMonths() =>
        CohortData.Rows.Select(r =>
            (DateOnly.ParseExact(r["status_date"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber -
             DateOnly.ParseExact(r["procedure_date"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber) / 30.4375)
        .ToArray();

    private static T[,] ToMatrix<T>(JsonElement rows, Func<JsonElement, T> read)
    {
        var list = rows.EnumerateArray().Select(r => r.EnumerateArray().Select(read).ToArray()).ToArray();
        var result = new T[list.Length, list[0].Length];
        for (var i = 0; i < list.Length; i++)
            for (var j = 0; j < list[0].Length; j++) result[i, j] = list[i][j];
        return result;
    }

    private static string Path(string file) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", file);

    private static JsonElement Load(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path(file)));
        return document.RootElement.Clone();
    }
}

/// <summary>A small CSV reader for the reference datasets: header row, quoted text without embedded commas, empty = missing.</summary>
internal sealed record CsvTable(IReadOnlyList<IReadOnlyDictionary<string, string?>> Rows)
{
    public static CsvTable Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = Split(lines[0]).Select(h => h!).ToArray();
        var rows = lines.Skip(1).Select(line =>
        {
            var cells = Split(line);
            return (IReadOnlyDictionary<string, string?>)header.Select((h, i) => (h, cells[i])).ToDictionary(p => p.h, p => p.Item2);
        }).ToArray();
        return new CsvTable(rows);
    }

    public string?[] Text(string column) => Rows.Select(r => r[column]).ToArray();

    public double?[] Numbers(string column) =>
        Rows.Select(r => r[column] is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : (double?)null).ToArray();

    private static string?[] Split(string line) =>
        line.Split(',').Select(c => c.Length == 0 ? null : c.Trim('"')).ToArray();
}
