using System.Globalization;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Data.Csv;
using Sylvan.Data.Csv;

namespace PvpRegistry.Cli.Analysis;

/// <summary>Rows left out of an analysis for one reason: SPSS's case-processing summary, one line each.</summary>
public sealed record Exclusion(string Reason, int Rows);

/// <summary>The columns an analysis uses, complete cases only, in file order.</summary>
public sealed class AnalysisData
{
    private readonly Dictionary<string, double[]> _numeric;
    private readonly HashSet<string> _logical;

    internal AnalysisData(int rows, IReadOnlyList<Exclusion> exclusions, Dictionary<string, double[]> numeric, HashSet<string> logical, GroupLevels? groups)
    {
        Rows = rows;
        Exclusions = exclusions;
        _numeric = numeric;
        _logical = logical;
        Groups = groups;
    }

    /// <summary>Rows kept (no used column missing).</summary>
    public int Rows { get; }
    /// <summary>Rows left out, by reason (the first used column found missing in the row), in column order.</summary>
    public IReadOnlyList<Exclusion> Exclusions { get; }
    /// <summary>Rows dropped because a used column was missing.</summary>
    public int Dropped => Exclusions.Sum(e => e.Rows);
    public GroupLevels? Groups { get; }
    public double[] Numeric(string column) => _numeric[column];

    /// <summary>
    /// The event column as booleans, with the coding found, as R's <c>Surv</c> reads it: 1 = event and 0 = censored;
    /// 2 = event and 1 = censored when the values are 1 and 2 only (R's other convention); TRUE/T = event and
    /// FALSE/F = censored.
    /// </summary>
    public EventColumn Events(string column)
    {
        var values = _numeric[column];
        bool any2 = false, any0 = false;
        foreach (double v in values)
        {
            if (v == 2) any2 = true;
            else if (v == 0) any0 = true;
            else if (v != 1)
                throw new InvalidDataException($"Event column '{column}' must be 1 (event) or 0 (censored), 2 (event) or 1 (censored), or TRUE/FALSE; found {v.ToString(CultureInfo.InvariantCulture)}.");
        }
        if (any2 && any0)
            throw new InvalidDataException($"Event column '{column}' mixes 0, 1 and 2: use 1/0 (event/censored) or 2/1 (R's Surv convention), not both.");
        var died = new bool[values.Length];
        double eventCode = any2 ? 2 : 1;
        for (int i = 0; i < values.Length; i++) died[i] = values[i] == eventCode;
        string coding = _logical.Contains(column) ? "TRUE = event, FALSE = censored"
            : any2 ? "2 = event, 1 = censored (R's Surv convention)"
            : "1 = event, 0 = censored";
        return new EventColumn(died, coding);
    }
}

/// <summary>An event column read as booleans, and its coding in words (stated in every output).</summary>
public sealed record EventColumn(bool[] Died, string Coding);

/// <summary>
/// Reads the used columns of a CSV as R's <c>write.csv</c> writes it: a header row (names may be
/// quoted), quoted or bare values, an empty cell or NA for missing. Rows missing any used column are
/// dropped, as R's model functions do, and counted by reason. TRUE/FALSE and T/F read as 1/0, as R's
/// <c>read.csv</c> makes them logical. The file must be UTF-8 (or ASCII): a byte that is not (Latin-1 from an
/// old spreadsheet, say) is refused with its line and column, never read as U+FFFD. Numbers are read by Sylvan (culture-invariant) without
/// allocating a string per cell; group labels are compared as text and interned.
/// </summary>
public static class AnalysisCsv
{
    public static AnalysisData Read(string path, IReadOnlyList<string> numericColumns, string? groupColumn = null)
    {
        ArgumentNullException.ThrowIfNull(numericColumns);
        if (!File.Exists(path)) throw new InvalidDataException($"Input file '{path}' does not exist.");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Utf8Check.Check(stream, path);
        using var text = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        return Read(text, numericColumns, groupColumn, path, stream.Length);
    }

    public static AnalysisData Read(TextReader input, IReadOnlyList<string> numericColumns, string? groupColumn, string source, long sizeHint = 0)
    {
        var options = new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',', BufferSize = 1 << 16, Culture = CultureInfo.InvariantCulture };
        CsvDataReader reader;
        try { reader = CsvDataReader.Create(input, options); }
        catch (Exception ex) when (ex is CsvFormatException or InvalidDataException)
        { throw new InvalidDataException($"'{source}' is not a readable CSV file: {ex.Message}"); }
        using var _ = reader;

        var headers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < reader.FieldCount; c++) headers.TryAdd(reader.GetName(c).Trim(), c);
        int Ordinal(string name) => headers.TryGetValue(name, out int c) ? c
            : throw new InvalidDataException($"Column '{name}' is not in '{source}' (columns: {string.Join(", ", headers.Keys)}).");

        var names = numericColumns.Distinct(StringComparer.Ordinal).ToArray();
        var ordinals = names.Select(Ordinal).ToArray();
        int groupOrdinal = groupColumn is null ? -1 : Ordinal(groupColumn);

        // A row of R's write.csv with a few numeric columns is ~30-60 bytes.
        int capacity = (int)Math.Clamp(sizeHint / 32, 1024, 64_000_000);
        var columns = new double[names.Length][];
        for (int j = 0; j < columns.Length; j++) columns[j] = new double[capacity];
        var groupCodes = groupOrdinal >= 0 ? new int[capacity] : null;
        var groupIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var groupLookup = groupIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        var groupNames = new List<string>();
        var row = new double[names.Length];
        var logical = new HashSet<string>(StringComparer.Ordinal);
        var missingBy = new int[names.Length + 1]; // the numeric columns, then the group

        int rows = 0;
        long line = 1;
        while (reader.Read())
        {
            line++;
            int missing = -1;
            for (int j = 0; j < ordinals.Length; j++)
            {
                var field = ordinals[j] < reader.RowFieldCount ? reader.GetFieldSpan(ordinals[j]) : default;
                if (IsMissing(field)) { missing = j; break; }
                if (field.SequenceEqual("TRUE") || field.SequenceEqual("T")) { row[j] = 1; logical.Add(names[j]); }
                else if (field.SequenceEqual("FALSE") || field.SequenceEqual("F")) { row[j] = 0; logical.Add(names[j]); }
                else
                {
                    try { row[j] = reader.GetDouble(ordinals[j]); }
                    catch (FormatException)
                    { throw new InvalidDataException($"'{source}' line {line}: column '{names[j]}' has a non-numeric value '{field.ToString()}'."); }
                }
                if (!double.IsFinite(row[j]))
                    throw new InvalidDataException($"'{source}' line {line}: column '{names[j]}' has a non-finite value '{field.ToString()}'.");
            }
            int code = -1;
            if (missing < 0 && groupOrdinal >= 0)
            {
                var field = groupOrdinal < reader.RowFieldCount ? reader.GetFieldSpan(groupOrdinal) : default;
                if (IsMissing(field)) missing = names.Length;
                else if (!groupLookup.TryGetValue(field, out code))
                {
                    var label = field.ToString();
                    code = groupNames.Count;
                    groupIndex.Add(label, code);
                    groupNames.Add(label);
                }
            }
            if (missing >= 0) { missingBy[missing]++; continue; }
            if (rows == columns.FirstOrDefault()?.Length || (groupCodes is not null && rows == groupCodes.Length))
            {
                int grown = checked(rows * 2);
                for (int j = 0; j < columns.Length; j++) Array.Resize(ref columns[j], grown);
                if (groupCodes is not null) Array.Resize(ref groupCodes, grown);
            }
            for (int j = 0; j < columns.Length; j++) columns[j][rows] = row[j];
            if (groupCodes is not null) groupCodes[rows] = code;
            rows++;
        }

        var numeric = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int j = 0; j < names.Length; j++)
        {
            var col = columns[j];
            if (col.Length != rows) Array.Resize(ref col, rows);
            numeric[names[j]] = col;
        }
        GroupLevels? groups = null;
        if (groupCodes is not null)
        {
            if (groupCodes.Length != rows) Array.Resize(ref groupCodes, rows);
            groups = GroupLevels.FromCodes(groupNames, groupCodes);
        }
        var exclusions = new List<Exclusion>();
        for (int j = 0; j < names.Length; j++)
            if (missingBy[j] > 0) exclusions.Add(new Exclusion($"missing '{names[j]}'", missingBy[j]));
        if (missingBy[names.Length] > 0) exclusions.Add(new Exclusion($"empty group '{groupColumn}'", missingBy[names.Length]));
        return new AnalysisData(rows, exclusions, numeric, logical, groups);
    }

    private static bool IsMissing(ReadOnlySpan<char> field)
    {
        field = field.Trim();
        return field.IsEmpty || field.SequenceEqual("NA");
    }
}
