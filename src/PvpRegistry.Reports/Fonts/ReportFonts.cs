using SkiaSharp;

namespace PvpRegistry.Reports;

/// <summary>
/// The fonts every figure and PDF uses, loaded from the assembly (the Linux natives have no system fonts): DejaVu Sans
/// for Latin, Greek and symbols, and Noto Sans CJK SC (a subset, see Fonts/README-NotoSansCJK.md) for the Chinese
/// characters DejaVu does not have. A string is drawn and measured in runs of one face each (<see cref="Runs"/>), so an
/// English report embeds no CJK font at all and a Chinese one keeps its numbers and Latin terms in DejaVu.
/// </summary>
public static class ReportFonts
{
    public static SKTypeface Regular { get; } = Load("DejaVuSans.ttf");
    public static SKTypeface Bold { get; } = Load("DejaVuSans-Bold.ttf");
    public static SKTypeface Italic { get; } = Load("DejaVuSans-Oblique.ttf");
    public static SKTypeface CjkRegular { get; } = Load("NotoSansCJKsc-Regular-subset.otf");
    public static SKTypeface CjkBold { get; } = Load("NotoSansCJKsc-Bold-subset.otf");

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

    /// <summary>The CJK face of the same weight as a Latin one.</summary>
    public static SKTypeface CjkFor(SKTypeface typeface) => typeface == Bold ? CjkBold : CjkRegular;

    /// <summary>
    /// The text split into runs of one face: the font's own where it has the glyph, the CJK face of the same weight where
    /// it does not (a character neither has stays with the font's own, which draws its missing-glyph box).
    /// </summary>
    public static IReadOnlyList<(string Text, SKTypeface Typeface)> Runs(string text, SKTypeface typeface)
    {
        if (!NeedsCjk(text, typeface)) return [(text, typeface)];
        var cjk = CjkFor(typeface);
        using var own = new SKFont(typeface);
        using var fallback = new SKFont(cjk);
        var runs = new List<(string, SKTypeface)>();
        int start = 0;
        SKTypeface? current = null;
        for (int i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            int codepoint = char.ConvertToUtf32(text, i);
            var face = own.ContainsGlyph(codepoint) || !fallback.ContainsGlyph(codepoint) ? typeface : cjk;
            if (current is not null && face != current)
            {
                runs.Add((text[start..i], current));
                start = i;
            }
            current = face;
        }
        if (current is not null) runs.Add((text[start..], current));
        return runs;
    }

    /// <summary>The width of a text in this font, each run measured in its own face.</summary>
    public static float Measure(this SKFont font, string text)
    {
        var runs = Runs(text, font.Typeface);
        if (runs.Count == 1 && runs[0].Typeface == font.Typeface) return font.MeasureText(text);
        float width = 0;
        foreach (var (run, face) in runs)
        {
            using var f = Font(face, font.Size);
            width += f.MeasureText(run);
        }
        return width;
    }

    /// <summary>Draws a text in this font, each run in its own face, aligned as a whole at x.</summary>
    public static void DrawRuns(this SKCanvas canvas, string text, float x, float baseline, SKTextAlign align, SKFont font, SKPaint paint)
    {
        var runs = Runs(text, font.Typeface);
        if (runs.Count == 1 && runs[0].Typeface == font.Typeface)
        {
            canvas.DrawText(text, x, baseline, align, font, paint);
            return;
        }
        float width = font.Measure(text);
        float left = align switch { SKTextAlign.Center => x - width / 2, SKTextAlign.Right => x - width, _ => x };
        foreach (var (run, face) in runs)
        {
            using var f = Font(face, font.Size);
            canvas.DrawText(run, left, baseline, SKTextAlign.Left, f, paint);
            left += f.MeasureText(run);
        }
    }

    /// <summary>Whether a DejaVu text has characters from the CJK blocks on (U+2E80 and above), which DejaVu lacks.</summary>
    private static bool NeedsCjk(string text, SKTypeface typeface) =>
        (typeface == Regular || typeface == Bold || typeface == Italic) && text.Any(c => c >= '\u2E80');

    private static SKTypeface Load(string file)
    {
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream($"PvpRegistry.Reports.Fonts.{file}")
            ?? throw new InvalidOperationException($"The font {file} is not embedded.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"The font {file} cannot be read.");
    }
}
