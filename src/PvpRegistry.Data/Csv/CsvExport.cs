using System.Collections;
using System.Collections.ObjectModel;
using System.Data.Common;
using System.Globalization;
using Sylvan.Data.Csv;

namespace PvpRegistry.Data.Csv;

/// <summary>
/// A column of a CSV the app writes: text (quoted, and guarded against spreadsheet formulas by
/// <see cref="CsvExport.GuardFormula"/>) or a number (written bare, never guarded: a negative number is a number).
/// </summary>
public sealed class CsvColumn<T>
{
    private CsvColumn(string name, Type type, Func<T, object?> value) => (Name, Type, Value) = (name, type, value);

    public string Name { get; }
    internal Type Type { get; }
    internal Func<T, object?> Value { get; }

    public static CsvColumn<T> Text(string name, Func<T, string?> value) => new(name, typeof(string), row => CsvExport.GuardFormula(value(row)));

    public static CsvColumn<T> Integer(string name, Func<T, long?> value) => new(name, typeof(long), row => value(row));

    /// <summary>A decimal written without trailing zeros and at most 10 decimals (3.50 as 3.5, 3.0 as 3), as R's write.csv does.</summary>
    public static CsvColumn<T> Number(string name, Func<T, decimal?> value) =>
        new(name, typeof(decimal), row => value(row) is { } d ? decimal.Round(d, 10) / 1.0000000000000000000000000000m : null);

    /// <summary>A date as YYYY-MM-DD text.</summary>
    public static CsvColumn<T> Date(string name, Func<T, DateOnly?> value) =>
        Text(name, row => value(row)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}

/// <summary>
/// Writes the app's CSV files with Sylvan's <see cref="CsvDataWriter"/>, the way R's write.csv does: a quoted header,
/// quoted text, bare numbers, empty cells for missing values, "\n" line ends. Every text cell that a spreadsheet
/// would run as a formula is written with a leading apostrophe (<see cref="GuardFormula"/>).
/// </summary>
public static class CsvExport
{
    /// <summary>The first characters that make a spreadsheet read a cell as a formula (or a DDE command).</summary>
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>
    /// The text as a spreadsheet shows it without running it: a leading <c>'</c> when the text starts with
    /// <c>= + - @</c>, tab or CR. Text that already starts with apostrophes before such a character gets one more,
    /// so <see cref="UnguardFormula"/> gives back exactly what was written.
    /// </summary>
    public static string? GuardFormula(string? text) =>
        text is not null && StartsLikeFormula(text.AsSpan().TrimStart('\'')) ? "'" + text : text;

    /// <summary>
    /// The value of a cell written by <see cref="GuardFormula"/>: one leading apostrophe is removed when apostrophes
    /// precede a formula character, as a spreadsheet reads <c>'=x</c> as the text <c>=x</c>. Other text is unchanged.
    /// </summary>
    public static string UnguardFormula(string text) =>
        text.StartsWith('\'') && StartsLikeFormula(text.AsSpan().TrimStart('\'')) ? text[1..] : text;

    private static bool StartsLikeFormula(ReadOnlySpan<char> text) => text.Length > 0 && FormulaStarts.Contains(text[0]);

    private static CsvDataWriterOptions Options => new() { QuoteStrings = CsvStringQuoting.AlwaysQuoteNonEmpty, NewLine = "\n" };

    /// <summary>Writes the header and the rows; returns the number of rows. The writer is flushed, not closed.</summary>
    public static int Write<T>(TextWriter writer, IReadOnlyList<CsvColumn<T>> columns, IEnumerable<T> rows)
    {
        using var reader = new RowReader<T>(columns, rows.GetEnumerator(), null);
        // Not disposed: the CsvDataWriter would dispose the caller's TextWriter. Write has emptied its buffer into it.
        CsvDataWriter.Create(writer, Options).Write(reader);
        writer.Flush();
        return reader.Rows;
    }

    /// <summary>Writes the header and the rows as they arrive (nothing is held in memory); returns the number of rows.</summary>
    public static async Task<int> WriteAsync<T>(TextWriter writer, IReadOnlyList<CsvColumn<T>> columns, IAsyncEnumerable<T> rows, CancellationToken ct = default)
    {
        await using var reader = new RowReader<T>(columns, null, rows.GetAsyncEnumerator(ct));
        await CsvDataWriter.Create(writer, Options).WriteAsync(reader, ct);
        await writer.FlushAsync(ct);
        return reader.Rows;
    }

    /// <summary>The rows as the data reader <see cref="CsvDataWriter"/> writes from: one typed value per column.</summary>
    private sealed class RowReader<T>(IReadOnlyList<CsvColumn<T>> columns, IEnumerator<T>? rows, IAsyncEnumerator<T>? asyncRows)
        : DbDataReader, IDbColumnSchemaGenerator
    {
        private readonly object?[] _values = new object?[columns.Count];
        private bool _done;

        public int Rows { get; private set; }

        public ReadOnlyCollection<DbColumn> GetColumnSchema() =>
            columns.Select((c, i) => (DbColumn)new Column(c.Name, c.Type, i)).ToList().AsReadOnly();

        private sealed class Column : DbColumn
        {
            public Column(string name, Type type, int ordinal) => (ColumnName, DataType, ColumnOrdinal, AllowDBNull) = (name, type, ordinal, true);
        }

        public override bool Read()
        {
            if (rows is null) throw new InvalidOperationException("These rows arrive asynchronously: write them with WriteAsync.");
            return rows.MoveNext() ? Take(rows.Current) : End();
        }

        public override async Task<bool> ReadAsync(CancellationToken cancellationToken)
        {
            if (asyncRows is null) return Read();
            return await asyncRows.MoveNextAsync() ? Take(asyncRows.Current) : End();
        }

        private bool Take(T row)
        {
            for (int i = 0; i < columns.Count; i++) _values[i] = columns[i].Value(row);
            Rows++;
            return true;
        }

        private bool End()
        {
            _done = true;
            return false;
        }

        public override object GetValue(int ordinal) => _values[ordinal] ?? DBNull.Value;
        public override bool IsDBNull(int ordinal) => _values[ordinal] is null;
        public override string GetString(int ordinal) => (string)_values[ordinal]!;
        public override long GetInt64(int ordinal) => (long)_values[ordinal]!;
        public override decimal GetDecimal(int ordinal) => (decimal)_values[ordinal]!;
        public override int FieldCount => columns.Count;
        public override string GetName(int ordinal) => columns[ordinal].Name;
        public override int GetOrdinal(string name) => columns.Select(c => c.Name).ToList().IndexOf(name);
        public override Type GetFieldType(int ordinal) => columns[ordinal].Type;
        public override string GetDataTypeName(int ordinal) => columns[ordinal].Type.Name;
        public override object this[int ordinal] => GetValue(ordinal);
        public override object this[string name] => GetValue(GetOrdinal(name));
        public override int GetValues(object[] values)
        {
            int n = Math.Min(values.Length, FieldCount);
            for (int i = 0; i < n; i++) values[i] = GetValue(i);
            return n;
        }

        public override bool HasRows => true;
        public override bool IsClosed => _done;
        public override int Depth => 0;
        public override int RecordsAffected => -1;
        public override bool NextResult() => false;
        public override IEnumerator GetEnumerator() => new DbEnumerator(this);

        // The column types are string, long and decimal only.
        public override int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));
        public override bool GetBoolean(int ordinal) => throw new InvalidCastException();
        public override byte GetByte(int ordinal) => throw new InvalidCastException();
        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw new InvalidCastException();
        public override char GetChar(int ordinal) => throw new InvalidCastException();
        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw new InvalidCastException();
        public override DateTime GetDateTime(int ordinal) => throw new InvalidCastException();
        public override double GetDouble(int ordinal) => throw new InvalidCastException();
        public override float GetFloat(int ordinal) => throw new InvalidCastException();
        public override Guid GetGuid(int ordinal) => throw new InvalidCastException();
        public override short GetInt16(int ordinal) => throw new InvalidCastException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) rows?.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            rows?.Dispose();
            if (asyncRows is not null) await asyncRows.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
