using System.Text;

namespace PvpRegistry.Data.Tests.Infrastructure;

/// <summary>
/// A small, independent reader for the study CSV in tests (RFC 4180 quoting), so assertions do
/// not go through the parser under test. Rows are dictionaries keyed by column name.
/// </summary>
public sealed class CsvTable
{
    public IReadOnlyList<string> Columns { get; }
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

    private CsvTable(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public static CsvTable Parse(string text)
    {
        var lines = SplitRecords(text);
        var columns = lines[0];
        var rows = lines.Skip(1).Select(cells =>
        {
            if (cells.Count != columns.Count) throw new FormatException($"{cells.Count} cells for {columns.Count} columns");
            return (IReadOnlyDictionary<string, string>)columns.Zip(cells).ToDictionary(x => x.First, x => x.Second);
        }).ToList();
        return new CsvTable(columns, rows);
    }

    public static CsvTable Load(string path) => Parse(File.ReadAllText(path));

    private static List<List<string>> SplitRecords(string text)
    {
        var records = new List<List<string>>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false, any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; any = true; break;
                case ',': cells.Add(cell.ToString()); cell.Clear(); any = true; break;
                case '\r': break;
                case '\n':
                    cells.Add(cell.ToString()); cell.Clear();
                    records.Add(cells); cells = []; any = false;
                    break;
                default: cell.Append(c); any = true; break;
            }
        }
        if (any || cell.Length > 0) { cells.Add(cell.ToString()); records.Add(cells); }
        return records;
    }
}
