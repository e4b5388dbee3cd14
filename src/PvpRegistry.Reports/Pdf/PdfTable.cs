using SkiaSharp;

namespace PvpRegistry.Reports.Pdf;

public enum CellAlign { Left, Center, Right }

/// <summary>
/// A table column: heading, relative width and alignment of its cells. A <paramref name="WholeHeader"/> is never wrapped
/// (a short heading such as "12 个月", which Chinese line breaking could otherwise split before its last character).
/// </summary>
public sealed record TableColumn(string Header, float Weight, CellAlign Align = CellAlign.Right, bool WholeHeader = false);

/// <summary>
/// A table row. A <see cref="IsGroup"/> row (e.g. a factor heading) is bold, its first cell may run over
/// the empty cells that follow it, and it is kept on a page with the row after it.
/// </summary>
public sealed record TableRow(IReadOnlyList<string> Cells, bool IsGroup = false, bool Indent = false);

/// <summary>
/// A three-rule journal table: caption above, header row repeated on every page the table continues on,
/// footnotes below. Cells wrap inside their column, so nothing is clipped.
/// </summary>
public sealed class PdfTable(string caption, IReadOnlyList<TableColumn> columns)
{
    private const float PadX = 3f;
    private const float PadY = 2.2f;
    private const float IndentWidth = 9f;
    private const int KeepFirstRows = 3;
    private const float KeepWholeShare = 0.4f; // of a page's content height

    public string Caption { get; } = caption;
    public IReadOnlyList<TableColumn> Columns { get; } = columns;
    public List<TableRow> Rows { get; } = [];
    public List<string> Footnotes { get; } = [];
    public TextStyle Style { get; init; } = TextStyle.Small;

    public PdfTable Row(params string[] cells) { Rows.Add(new TableRow(cells)); return this; }
    public PdfTable Group(params string[] cells) { Rows.Add(new TableRow(cells, IsGroup: true)); return this; }
    public PdfTable Indented(params string[] cells) { Rows.Add(new TableRow(cells, Indent: true)); return this; }

    /// <summary>Lays the table out on the builder's pages from its current position.</summary>
    public void AddTo(PdfBuilder pdf)
    {
        var bold = Style with { Typeface = ReportFonts.Bold };
        var widths = ColumnWidths(pdf.ContentWidth, bold);
        var xs = new float[widths.Length];
        for (int i = 1; i < xs.Length; i++) xs[i] = xs[i - 1] + widths[i - 1];

        var header = Layout(Columns.Select(c => c.Header).ToArray(), widths, bold, group: false, indent: false);
        var rows = Rows.Select(r => Layout(r.Cells, widths, r.IsGroup ? bold : Style, r.IsGroup, r.Indent)).ToArray();

        var captionLines = PdfBuilder.Wrap(Caption, TextStyle.Caption, pdf.ContentWidth);
        float captionHeight = captionLines.Count * TextStyle.Caption.LineHeight + 3;
        // The footnotes stay on the page of the table's last row.
        float footnotes = 3 + Footnotes.Sum(n => PdfBuilder.Wrap(n, TextStyle.Note, pdf.ContentWidth).Count * TextStyle.Note.LineHeight + 1);
        // A short table is kept whole; a longer one starts a page with its caption, header and first rows, never alone.
        float whole = captionHeight + header.Height + rows.Sum(r => r.Height) + footnotes + 4;
        float firstRows = rows.Take(rows.Length <= KeepFirstRows + 2 ? rows.Length : KeepFirstRows).Sum(r => r.Height);
        pdf.EnsureSpace(whole <= KeepWholeShare * (pdf.Bottom - pdf.Top) ? whole : captionHeight + header.Height + firstRows + 4);

        void Head(bool continued)
        {
            var lines = continued ? [pdf.Text.Format("TableContinued", Caption.Split('.')[0])] : captionLines;
            foreach (var line in lines)
            {
                pdf.DrawText(line, pdf.Left, pdf.Y + TextStyle.Caption.Size, TextStyle.Caption);
                pdf.MoveTo(pdf.Y + TextStyle.Caption.LineHeight);
            }
            pdf.MoveTo(pdf.Y + 3);
            pdf.Rule(pdf.Y, pdf.Left, pdf.Right, 0.9f);
            DrawRow(pdf, header, xs, widths, Columns.Select(c => c.Align).ToArray(), bold, false);
            pdf.Rule(pdf.Y, pdf.Left, pdf.Right, 0.5f);
        }

        Head(continued: false);
        for (int i = 0; i < rows.Length; i++)
        {
            // A group row is kept with the row after it, and the last two rows with each other and the footnotes,
            // so a page never ends on a group heading and a continued table never holds a single row.
            float need = rows[i].Height;
            if (i >= rows.Length - 2) need += rows.Skip(i + 1).Sum(r => r.Height) + footnotes;
            else if (Rows[i].IsGroup) need += rows[i + 1].Height;
            if (pdf.Y + need > pdf.Bottom)
            {
                pdf.Rule(pdf.Y, pdf.Left, pdf.Right, 0.9f);
                pdf.NewPage();
                Head(continued: true);
            }
            DrawRow(pdf, rows[i], xs, widths, Columns.Select(c => c.Align).ToArray(), Rows[i].IsGroup ? bold : Style, Rows[i].IsGroup);
        }
        pdf.Rule(pdf.Y, pdf.Left, pdf.Right, 0.9f);
        pdf.MoveTo(pdf.Y + 3);
        foreach (var note in Footnotes) pdf.Paragraph(note, TextStyle.Note, spaceAfter: 1f);
        pdf.Space(8);
    }

    /// <summary>
    /// Column widths from the weights, but never narrower than the widest word of the column (a number is a word)
    /// (or unbreakable run, <see cref="LineBreaking"/>) in the font it is set in: bold for the header and group rows. Columns with room give up width to those that need it.
    /// </summary>
    private float[] ColumnWidths(float available, TextStyle bold)
    {
        float total = Columns.Sum(c => c.Weight);
        var widths = Columns.Select(c => c.Weight / total * available).ToArray();
        var minimum = new float[widths.Length];
        float Widest(string? text, TextStyle style) => string.IsNullOrEmpty(text) ? 0 :
            LineBreaking.Units(text).Select(u => PdfBuilder.Measure(u.Text, style)).DefaultIfEmpty(0).Max();
        for (int i = 0; i < widths.Length; i++)
        {
            float widest = Columns[i].WholeHeader ? PdfBuilder.Measure(Columns[i].Header, bold) : Widest(Columns[i].Header, bold);
            foreach (var row in Rows)
            {
                if (i >= row.Cells.Count) continue;
                // A group row's label may run over the empty cells beside it: it does not size its own column.
                if (row.IsGroup && i == 0) continue;
                widest = Math.Max(widest, Widest(row.Cells[i], row.IsGroup ? bold : Style) + (i == 0 && row.Indent ? IndentWidth : 0));
            }
            minimum[i] = widest + 2 * PadX + 0.5f;
        }
        float need = Enumerable.Range(0, widths.Length).Sum(i => Math.Max(0, minimum[i] - widths[i]));
        if (need <= 0) return widths;
        float slack = Enumerable.Range(0, widths.Length).Sum(i => Math.Max(0, widths[i] - minimum[i]));
        float share = Math.Min(1, need / Math.Max(slack, 0.001f));
        for (int i = 0; i < widths.Length; i++)
            widths[i] = widths[i] < minimum[i] ? minimum[i] : widths[i] - (widths[i] - minimum[i]) * share;
        float sum = widths.Sum();
        if (sum > available) for (int i = 0; i < widths.Length; i++) widths[i] *= available / sum; // more than fits: shrink all alike
        return widths;
    }

    private sealed record LaidRow(List<string>[] Cells, float Height, bool[] Spans, float[] SpanWidths, bool Indent);

    private LaidRow Layout(IReadOnlyList<string> cells, float[] widths, TextStyle style, bool group, bool indent)
    {
        var lines = new List<string>[widths.Length];
        var spans = new bool[widths.Length];
        var spanWidths = (float[])widths.Clone();
        for (int i = 0; i < widths.Length; i++)
        {
            var text = i < cells.Count ? cells[i] ?? "" : "";
            float w = widths[i];
            if (group && text.Length > 0)
            {
                // A group label may run over the empty cells to its right.
                int j = i + 1;
                while (j < widths.Length && (j >= cells.Count || string.IsNullOrEmpty(cells[j]))) { w += widths[j]; j++; }
                spans[i] = j > i + 1;
                spanWidths[i] = w;
            }
            float inset = i == 0 && indent ? IndentWidth : 0;
            lines[i] = text.Length == 0 ? [] : PdfBuilder.Wrap(text, style, w - 2 * PadX - inset);
        }
        int maxLines = Math.Max(1, lines.Max(l => l.Count));
        return new LaidRow(lines, maxLines * style.LineHeight + 2 * PadY, spans, spanWidths, indent);
    }

    private static void DrawRow(PdfBuilder pdf, LaidRow row, float[] xs, float[] widths, CellAlign[] aligns, TextStyle style, bool group)
    {
        float top = pdf.Y;
        for (int i = 0; i < row.Cells.Length; i++)
        {
            float w = row.Spans[i] ? row.SpanWidths[i] : widths[i];
            var align = group && row.Spans[i] ? CellAlign.Left : aligns[i];
            float inset = i == 0 && row.Indent ? IndentWidth : 0;
            float x = align switch
            {
                CellAlign.Left => pdf.Left + xs[i] + PadX + inset,
                CellAlign.Center => pdf.Left + xs[i] + w / 2,
                _ => pdf.Left + xs[i] + w - PadX,
            };
            var skAlign = align switch { CellAlign.Left => SKTextAlign.Left, CellAlign.Center => SKTextAlign.Center, _ => SKTextAlign.Right };
            for (int l = 0; l < row.Cells[i].Count; l++)
                pdf.DrawText(row.Cells[i][l], x, top + PadY + style.Size + l * style.LineHeight, style, skAlign);
        }
        pdf.MoveTo(top + row.Height);
    }
}
