using SkiaSharp;

namespace PvpRegistry.Reports;

/// <summary>The fonts every figure and PDF uses, loaded from the assembly (the Linux natives have no system fonts).</summary>
public static class ReportFonts
{
    public static SKTypeface Regular { get; } = Load("DejaVuSans.ttf");
    public static SKTypeface Bold { get; } = Load("DejaVuSans-Bold.ttf");
    public static SKTypeface Italic { get; } = Load("DejaVuSans-Oblique.ttf");

    private static SKTypeface Load(string file)
    {
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream($"PvpRegistry.Reports.Fonts.{file}")
            ?? throw new InvalidOperationException($"The font {file} is not embedded.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"The font {file} cannot be read.");
    }
}
