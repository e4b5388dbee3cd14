using PvpRegistry.Reports.Localization;
using SkiaSharp;

namespace PvpRegistry.Reports.Pdf;

/// <summary>A font, size and colour for text on a PDF page.</summary>
public sealed record TextStyle(SKTypeface Typeface, float Size, SKColor Color)
{
    public static TextStyle Body { get; } = new(ReportFonts.Regular, 9.5f, SKColors.Black);
    public static TextStyle Small { get; } = new(ReportFonts.Regular, 8f, SKColors.Black);
    // Notes are set small and grey rather than italic: every face embedded adds its whole font file to the PDF.
    public static TextStyle Note { get; } = new(ReportFonts.Regular, 7.5f, new SKColor(0x44, 0x44, 0x44));
    public static TextStyle Bold { get; } = new(ReportFonts.Bold, 9.5f, SKColors.Black);
    public static TextStyle H1 { get; } = new(ReportFonts.Bold, 16f, SKColors.Black);
    public static TextStyle H2 { get; } = new(ReportFonts.Bold, 12f, SKColors.Black);
    public static TextStyle Caption { get; } = new(ReportFonts.Bold, 9f, SKColors.Black);

    public float LineHeight => Size * 1.32f;

    public TextStyle WithSize(float size) => this with { Size = size };

    internal SKFont Font() => ReportFonts.Font(Typeface, Size);
}

/// <summary>
/// Lays out a document top to bottom onto A4 pages and writes it as a vector PDF through SKDocument.
/// Layout happens first (each page keeps its drawing steps), so the total page count is known when the
/// running header and "Page n of N" are drawn. Fonts are the embedded DejaVu faces (Skia subsets and embeds them).
/// </summary>
public sealed class PdfBuilder
{
    public const float PageWidth = 595.28f;   // A4, points
    public const float PageHeight = 841.89f;
    public const float Margin = 56.7f;        // 20 mm
    private const float HeaderBand = 22f;     // running header above the content
    private const float FooterBand = 24f;     // page number below the content

    private readonly List<List<Action<SKCanvas>>> _pages = [];
    private float _y;

    public PdfBuilder(ReportText? text = null)
    {
        Text = text ?? ReportText.English;
        NewPage();
    }

    /// <summary>The language of the document: its "Page n of N" and the texts its parts add (a table's "continued").</summary>
    public ReportText Text { get; }

    public float Left => Margin;
    public float Right => PageWidth - Margin;
    public float ContentWidth => Right - Left;
    public float Top => Margin + HeaderBand;
    public float Bottom => PageHeight - Margin - FooterBand;
    public float Y => _y;
    public float Remaining => Bottom - _y;
    public int PageCount => _pages.Count;

    /// <summary>The text drawn at the top of every page but the first (e.g. study title and data fingerprint).</summary>
    public string RunningHeader { get; set; } = "";

    public void NewPage()
    {
        _pages.Add([]);
        _y = Top;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    public void EnsureSpace(float height)
    {
        if (_y > Top && _y + height > Bottom) NewPage();
    }

    public void Space(float points)
    {
        _y += points;
        if (_y > Bottom) NewPage();
    }

    /// <summary>Adds a drawing step to the current page (coordinates are page points).</summary>
    public void Draw(Action<SKCanvas> draw) => _pages[^1].Add(draw);

    public void MoveTo(float y) => _y = y;

    /// <summary>A wrapped paragraph; lines that do not fit continue on the next page.</summary>
    public void Paragraph(string text, TextStyle? style = null, float spaceAfter = 6f, float indent = 0f, SKTextAlign align = SKTextAlign.Left)
    {
        var s = style ?? TextStyle.Body;
        var lines = Wrap(text, s, ContentWidth - indent);
        KeepLinesTogether(lines.Count, s.LineHeight);
        foreach (var line in lines)
        {
            if (_y + s.LineHeight > Bottom) NewPage();
            float baseline = _y + s.Size;
            float x = align switch
            {
                SKTextAlign.Center => Left + indent + (ContentWidth - indent) / 2,
                SKTextAlign.Right => Right,
                _ => Left + indent,
            };
            DrawText(line, x, baseline, s, align);
            _y += s.LineHeight;
        }
        _y += spaceAfter;
    }

    /// <summary>
    /// Widow and orphan control: a paragraph of up to three lines is never split, and a longer one leaves at
    /// least two lines on each page; otherwise it starts on the next page.
    /// </summary>
    private void KeepLinesTogether(int lines, float lineHeight)
    {
        int fit = (int)Math.Floor((Bottom - _y) / lineHeight + 0.001);
        if (fit >= lines || _y <= Top) return;
        if (lines <= 3 || fit < 2 || lines - fit < 2) NewPage();
    }

    /// <summary>A heading kept with at least <paramref name="keepWithNext"/> points of what follows.</summary>
    public void Heading(string text, TextStyle? style = null, float keepWithNext = 90f)
    {
        var s = style ?? TextStyle.H2;
        EnsureSpace(s.LineHeight * 2 + keepWithNext);
        if (_y > Top) _y += s.Size * 0.6f;
        Paragraph(text, s, spaceAfter: s.Size * 0.45f);
    }

    /// <summary>A block of fixed height (a figure), moved to the next page when it does not fit.</summary>
    public void Block(float height, Action<SKCanvas, SKRect> draw, float spaceAfter = 8f)
    {
        EnsureSpace(height);
        var rect = new SKRect(Left, _y, Right, _y + height);
        Draw(c => draw(c, rect));
        _y += height + spaceAfter;
    }

    public void DrawText(string text, float x, float baseline, TextStyle style, SKTextAlign align = SKTextAlign.Left)
    {
        Draw(c =>
        {
            using var font = style.Font();
            using var paint = new SKPaint { Color = style.Color, IsAntialias = true };
            c.DrawRuns(text, x, baseline, align, font, paint);
        });
    }

    public void Rule(float y, float x0, float x1, float width = 0.6f)
    {
        Draw(c =>
        {
            using var paint = new SKPaint { Color = SKColors.Black, StrokeWidth = width, IsStroke = true, IsAntialias = true };
            c.DrawLine(x0, y, x1, y, paint);
        });
    }

    public static float Measure(string text, TextStyle style)
    {
        using var font = style.Font();
        return font.Measure(text);
    }

    /// <summary>
    /// Breaks text into lines no wider than <paramref name="width"/> at the break opportunities of <see cref="LineBreaking"/>:
    /// spaces, and between Chinese characters (never inside a Latin word or number, nor before closing punctuation).
    /// Explicit newlines are kept; a unit wider than the line is split where it must be.
    /// </summary>
    public static List<string> Wrap(string text, TextStyle style, float width)
    {
        using var font = style.Font();
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var current = "";
            foreach (var (unit, spaceBefore) in LineBreaking.Units(paragraph))
            {
                var candidate = current.Length == 0 ? unit : current + (spaceBefore ? " " : "") + unit;
                if (font.Measure(candidate) <= width) { current = candidate; continue; }
                if (current.Length > 0) lines.Add(current);
                current = unit;
                while (font.Measure(current) > width && current.Length > 1)
                {
                    int cut = current.Length - 1;
                    while (cut > 1 && font.Measure(current[..cut]) > width) cut--;
                    lines.Add(current[..cut]);
                    current = current[cut..];
                }
            }
            lines.Add(current);
        }
        return lines;
    }

    /// <summary>Writes the pages, with the running header (from page 2) and "Page n of N" on each.</summary>
    public byte[] ToPdf(string title, string subject, DateTime createdUtc)
    {
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = title,
            Subject = subject,
            Creator = "PvpRegistry",
            Producer = "PvpRegistry",
            Creation = createdUtc,
            Modified = createdUtc,
            RasterDpi = 300,
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            int total = _pages.Count;
            for (int i = 0; i < total; i++)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                foreach (var step in _pages[i]) step(canvas);
                DrawFurniture(canvas, i + 1, total);
                document.EndPage();
            }
            document.Close();
        }
        return stream.ToArray();
    }

    private void DrawFurniture(SKCanvas canvas, int page, int total)
    {
        var small = TextStyle.Small with { Color = new SKColor(0x44, 0x44, 0x44) };
        using var font = small.Font();
        using var paint = new SKPaint { Color = small.Color, IsAntialias = true };
        using var rule = new SKPaint { Color = new SKColor(0x88, 0x88, 0x88), StrokeWidth = 0.5f, IsStroke = true };
        if (page > 1 && RunningHeader.Length > 0)
        {
            float baseline = Margin + small.Size;
            var header = RunningHeader;
            while (header.Length > 4 && font.Measure(header) > ContentWidth) header = header[..^4] + "...";
            canvas.DrawRuns(header, Left, baseline, SKTextAlign.Left, font, paint);
            canvas.DrawLine(Left, baseline + 4, Right, baseline + 4, rule);
        }
        float footer = PageHeight - Margin + small.Size;
        canvas.DrawRuns(Text.Format("PageNOfTotal", page, total), Right, footer, SKTextAlign.Right, font, paint);
    }
}
