using SkiaSharp;

namespace PvpRegistry.Reports;

/// <summary>The fonts every figure and PDF uses, loaded from the assembly (the Linux natives have no system fonts).</summary>
public static class ReportFonts
{
    public const string Family = "DejaVu Sans";

    public static SKTypeface Regular { get; } = Load("DejaVuSans.ttf");
    public static SKTypeface Bold { get; } = Load("DejaVuSans-Bold.ttf");
    public static SKTypeface Italic { get; } = Load("DejaVuSans-Oblique.ttf");

    private static SKTypeface Load(string file)
    {
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream($"PvpRegistry.Reports.Fonts.{file}")
            ?? throw new InvalidOperationException($"The font {file} is not embedded.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"The font {file} cannot be read.");
    }

    private static int _registered;

    /// <summary>Registers the fonts with ScottPlot once, so plot text never silently vanishes.</summary>
    public static void RegisterWithScottPlot()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        foreach (var file in new[] { "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf" })
        {
            var path = Path.Combine(Path.GetTempPath(), "pvpregistry-fonts", file);
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream($"PvpRegistry.Reports.Fonts.{file}")!;
                using var output = File.Create(path);
                stream.CopyTo(output);
            }
            ScottPlot.Fonts.AddFontFile(Family, path, bold: file.Contains("Bold"), italic: file.Contains("Oblique"));
        }
        ScottPlot.Fonts.Default = Family;
    }
}
