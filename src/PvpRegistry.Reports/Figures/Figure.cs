using SkiaSharp;

namespace PvpRegistry.Reports.Figures;

/// <summary>
/// A figure of the study, drawn with vector operations onto any <see cref="SKCanvas"/>: the PDF
/// report's page canvas (at a rectangle of the page) or an SVG canvas for the dashboards. One
/// drawing routine for both, so the screen and the paper always show the same picture.
/// </summary>
public abstract class Figure
{
    /// <summary>Base font size in canvas units (pixels on screen, points in the PDF).</summary>
    public float FontSize { get; init; } = 13;

    /// <summary>The language of the figure's titles, legends and notes (English on the dashboards unless they pass another).</summary>
    public Localization.ReportText Text { get; init; } = Localization.ReportText.English;

    /// <summary>Draws the figure into <paramref name="rect"/> of the canvas.</summary>
    public abstract void Render(SKCanvas canvas, SKRect rect);

    /// <summary>The figure as an SVG document of the given size (text kept as text, DejaVu Sans).</summary>
    public string ToSvg(int width, int height)
    {
        using var stream = new MemoryStream();
        using (var wstream = new SKManagedWStream(stream))
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), wstream))
        {
            Render(canvas, new SKRect(0, 0, width, height));
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The figure as a PNG (for previews and tests; the report draws vectors).</summary>
    public byte[] ToPng(int width, int height, float scale = 1)
    {
        var info = new SKImageInfo((int)(width * scale), (int)(height * scale));
        using var surface = SKSurface.Create(info);
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.Scale(scale);
        Render(surface.Canvas, new SKRect(0, 0, width, height));
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}

/// <summary>Okabe-Ito colours: distinguishable with the common colour-vision deficiencies and in greyscale print.</summary>
public static class FigurePalette
{
    public static IReadOnlyList<SKColor> Groups { get; } =
    [
        SKColor.Parse("#0072B2"), // blue
        SKColor.Parse("#D55E00"), // vermillion
        SKColor.Parse("#009E73"), // bluish green
        SKColor.Parse("#CC79A7"), // reddish purple
        SKColor.Parse("#E69F00"), // orange
        SKColor.Parse("#56B4E9"), // sky blue
        SKColor.Parse("#000000"),
    ];

    public static SKColor For(int index) => Groups[index % Groups.Count];

    /// <summary>The colour as CSS (#rrggbb), for legends drawn in HTML beside a figure.</summary>
    public static string Css(int index)
    {
        var c = For(index);
        return $"#{c.Red:x2}{c.Green:x2}{c.Blue:x2}";
    }

    public static SKColor Text { get; } = SKColor.Parse("#1a1a1a");
    public static SKColor Axis { get; } = SKColor.Parse("#333333");
    public static SKColor Grid { get; } = SKColor.Parse("#e6e6e6");
    public static SKColor Guide { get; } = SKColor.Parse("#7a7a7a");
}
