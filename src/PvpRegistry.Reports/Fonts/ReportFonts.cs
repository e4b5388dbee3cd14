using SkiaSharp;

namespace PvpRegistry.Reports;

/// <summary>The fonts every figure and PDF uses, loaded from the assembly (the Linux natives have no system fonts).</summary>
public static class ReportFonts
{
    public static SKTypeface Regular { get; } = Load("DejaVuSans.ttf");
    public static SKTypeface Bold { get; } = Load("DejaVuSans-Bold.ttf");
    public static SKTypeface Italic { get; } = Load("DejaVuSans-Oblique.ttf");

    /// <summary>
    /// A font for the PDF and the figures. Unhinted with linear metrics, so each glyph advances by the font's own
    /// width: Skia then writes a string as one text run (one <c>Tj</c>) and a reader extracts whole words. Hinted
    /// advances are rounded to whole units, which makes Skia place every glyph on its own and copied text
    /// falls apart ("w ith").
    /// </summary>
    public static SKFont Font(SKTypeface typeface, float size) => new(typeface, size)
    {
        Subpixel = true, Edging = SKFontEdging.Antialias, Hinting = SKFontHinting.None, LinearMetrics = true,
    };

    private static SKTypeface Load(string file)
    {
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream($"PvpRegistry.Reports.Fonts.{file}")
            ?? throw new InvalidOperationException($"The font {file} is not embedded.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"The font {file} cannot be read.");
    }
}
