using System.Globalization;
using PvpRegistry.Core.Statistics;
using Sylvan.Data.Csv;

namespace PvpRegistry.Cli.Analysis;

/// <summary>The columns an analysis uses, complete cases only, in file order.</summary>
public sealed class AnalysisData
{
    private readonly Dictionary<string, double[]> _numeric;

    internal AnalysisData(int rows, int dropped, Dictionary<string, double[]> numeric, GroupLevels? groups)
    {
        Rows = rows;
        Dropped = dropped;
        _numeric = numeric;
        Groups = groups;
    }

    /// <summary>Rows kept (no used column missing).</summary>
    public int Rows { get; }
    /// <summary>Rows dropped because a used column was missing.</summary>
    public int Dropped { get; }
    public GroupLevels? Groups { get; }
    public double[] Numeric(string column) => _numeric[column];

    /// <summary>The event column as booleans; it must hold 0/1 (or FALSE/TRUE).</summary>
    public bool[] Events(string column)
    {
        var values = _numeric[column];
        var died = new bool[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (v == 1) died[i] = true;
            else if (v != 0) throw new InvalidDataException($"Event column '{column}' must be 1 (event) or 0 (censored); found {v.ToString(CultureInfo.InvariantCulture)}.");
        }
        return died;
    }
}

/// <summary>
/// Reads the used columns of a CSV as R's <c>write.csv</c> writes it: a header row (names may be
/// quoted), quoted or bare values, an empty cell or NA for missing. Rows missing any used column are
/// dropped, as R's model functions do. Numbers are read by Sylvan (culture-invariant) without
/// allocating a string per cell; group labels are compared as text and interned.
/// </summary>
public static class AnalysisCsv
{
    public static AnalysisData Read(string path, IReadOnlyList<string> numericColumns, string? groupColumn = null)
    {
        ArgumentNullException.ThrowIfNull(numericColumns);
        if (!File.Exists(path)) throw new InvalidDataException($"Input file '{path}' does not exist.");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
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

        int rows = 0, dropped = 0;
        long line = 1;
        while (reader.Read())
        {
            line++;
            bool missing = false;
            for (int j = 0; j < ordinals.Length; j++)
            {
                var field = ordinals[j] < reader.RowFieldCount ? reader.GetFieldSpan(ordinals[j]) : default;
                if (IsMissing(field)) { missing = true; break; }
                if (field.SequenceEqual("TRUE")) row[j] = 1;
                else if (field.SequenceEqual("FALSE")) row[j] = 0;
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
            if (!missing && groupOrdinal >= 0)
            {
                var field = groupOrdinal < reader.RowFieldCount ? reader.GetFieldSpan(groupOrdinal) : default;
                if (IsMissing(field)) missing = true;
                else if (!groupLookup.TryGetValue(field, out code))
                {
                    var label = field.ToString();
                    code = groupNames.Count;
                    groupIndex.Add(label, code);
                    groupNames.Add(label);
                }
            }
            if (missing) { dropped++; continue; }
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
        return new AnalysisData(rows, dropped, numeric, groups);
    }

    private static bool IsMissing(ReadOnlySpan<char> field)
    {
        field = field.Trim();
        return field.IsEmpty || field.SequenceEqual("NA");
    }
}
