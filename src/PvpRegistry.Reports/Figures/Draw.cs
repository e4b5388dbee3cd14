using SkiaSharp;

namespace PvpRegistry.Reports.Figures;

/// <summary>Small drawing helpers shared by the figures (fonts from <see cref="ReportFonts"/>).</summary>
internal sealed class Draw(SKCanvas canvas, float fontSize) : IDisposable
{
    private readonly SKFont _regular = ReportFonts.Font(ReportFonts.Regular, fontSize);
    private readonly SKFont _bold = ReportFonts.Font(ReportFonts.Bold, fontSize);
    private readonly SKFont _small = ReportFonts.Font(ReportFonts.Regular, fontSize * 0.9f);

    public SKCanvas Canvas => canvas;
    public float FontSize => fontSize;
    public SKFont Regular => _regular;
    public SKFont Bold => _bold;
    public SKFont Small => _small;

    public float Width(string text, SKFont? font = null) => (font ?? _regular).Measure(text);

    public void Text(string text, float x, float y, SKTextAlign align = SKTextAlign.Left, SKFont? font = null, SKColor? color = null)
    {
        using var paint = new SKPaint { Color = color ?? FigurePalette.Text, IsAntialias = true };
        canvas.DrawRuns(text, x, y, align, font ?? _regular, paint);
    }

    /// <summary>Text rotated 90° counter-clockwise, centred on (x, y): a y-axis title.</summary>
    public void VerticalText(string text, float x, float y, SKFont? font = null)
    {
        canvas.Save();
        canvas.RotateDegrees(-90, x, y);
        Text(text, x, y, SKTextAlign.Center, font);
        canvas.Restore();
    }

    public void Line(float x1, float y1, float x2, float y2, SKColor color, float width = 1, float[]? dash = null)
    {
        using var paint = Stroke(color, width, dash);
        canvas.DrawLine(x1, y1, x2, y2, paint);
    }

    public void Path(SKPath path, SKColor color, float width, float[]? dash = null)
    {
        using var paint = Stroke(color, width, dash);
        canvas.DrawPath(path, paint);
    }

    public void Fill(SKPath path, SKColor color)
    {
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.DrawPath(path, paint);
    }

    public void FillRect(SKRect rect, SKColor color)
    {
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Fill, IsAntialias = false };
        canvas.DrawRect(rect, paint);
    }

    public void Circle(float x, float y, float r, SKColor color)
    {
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.DrawCircle(x, y, r, paint);
    }

    public void Square(float x, float y, float half, SKColor color)
    {
        FillRect(new SKRect(x - half, y - half, x + half, y + half), color);
    }

    /// <summary>Whether a label under a category axis is too wide for its band (and goes on two lines).</summary>
    public bool TooWide(string label, float band) => Width(label) > band - fontSize * 0.6f;

    /// <summary>The extra height the category labels under an axis need: one more line when one of them is too wide.</summary>
    public float CategoryLabelsExtra(IEnumerable<string> labels, float band) => labels.Any(l => TooWide(l, band)) ? fontSize * 1.15f : 0;

    /// <summary>A category label centred at (x, baseline y), split at its last space onto a second line when too wide for the band.</summary>
    public void CategoryLabel(string label, float x, float y, float band)
    {
        int space = label.LastIndexOf(' ');
        if (space < 0 || !TooWide(label, band)) { Text(label, x, y, SKTextAlign.Center); return; }
        Text(label[..space], x, y, SKTextAlign.Center);
        Text(label[(space + 1)..], x, y + fontSize * 1.15f, SKTextAlign.Center);
    }

    /// <summary>
    /// A horizontal legend centred at (cx, baseline y): coloured line swatch and label per entry, wrapped
    /// onto further rows when wider than <paramref name="maxWidth"/>. Returns the number of rows drawn.
    /// </summary>
    public int Legend(IReadOnlyList<(string Label, SKColor Color)> entries, float cx, float y, float maxWidth = float.MaxValue)
    {
        const float swatch = 22, gap = 6, spacing = 22;
        float Item((string Label, SKColor Color) e) => swatch + gap + Width(e.Label) * 1.1f;
        var rows = new List<List<(string Label, SKColor Color)>> { new() };
        float width = 0;
        foreach (var e in entries)
        {
            float w = Item(e) + (rows[^1].Count > 0 ? spacing : 0);
            if (rows[^1].Count > 0 && width + w > maxWidth) { rows.Add([]); width = 0; w = Item(e); }
            rows[^1].Add(e);
            width += w;
        }
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            float total = row.Sum(Item) + spacing * (row.Count - 1);
            float x = cx - total / 2, rowY = y + r * fontSize * 1.4f;
            foreach (var (label, color) in row)
            {
                Line(x, rowY - fontSize * 0.35f, x + swatch, rowY - fontSize * 0.35f, color, 2.5f);
                Text(label, x + swatch + gap, rowY, SKTextAlign.Left, null, null);
                x += Item((label, color)) + spacing;
            }
        }
        return rows.Count;
    }

    private static SKPaint Stroke(SKColor color, float width, float[]? dash) => new()
    {
        Color = color, Style = SKPaintStyle.Stroke, StrokeWidth = width, IsAntialias = true,
        PathEffect = dash is null ? null : SKPathEffect.CreateDash(dash, 0),
    };

    public void Dispose()
    {
        _regular.Dispose();
        _bold.Dispose();
        _small.Dispose();
    }
}

/// <summary>A linear (or log) mapping of data values to canvas coordinates along one axis.</summary>
public readonly record struct AxisScale(double Min, double Max, float From, float To, bool Log = false)
{
    public float Map(double v)
    {
        double a = Log ? Math.Log(Min) : Min, b = Log ? Math.Log(Max) : Max, x = Log ? Math.Log(v) : v;
        return (float)(From + (x - a) / (b - a) * (To - From));
    }

    public double Inverse(float px)
    {
        double a = Log ? Math.Log(Min) : Min, b = Log ? Math.Log(Max) : Max;
        double x = a + (px - From) / (To - From) * (b - a);
        return Log ? Math.Exp(x) : x;
    }
}
