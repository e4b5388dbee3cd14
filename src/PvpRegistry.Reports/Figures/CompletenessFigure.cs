using System.Globalization;
using SkiaSharp;

namespace PvpRegistry.Reports.Figures;

/// <summary>
/// Follow-up at one visit, by the visit status rules: completed, missed, overdue, still open (due or
/// upcoming) and not expected (the patient died, withdrew or was lost before the window).
/// </summary>
public sealed record CompletenessBar(string Visit, int Completed, int Missed, int Overdue, int Open, int NotExpected)
{
    /// <summary>Visits expected: everything but the not expected ones.</summary>
    public int Expected => Completed + Missed + Overdue + Open;
    public int Total => Expected + NotExpected;
}

/// <summary>Follow-up completeness as stacked bars per visit (completed, missed, overdue, open, not expected).</summary>
public sealed class CompletenessFigure(IReadOnlyList<CompletenessBar> bars) : Figure
{
    public IReadOnlyList<CompletenessBar> Bars { get; } = bars;

    /// <summary>The stacked segments in English (the dashboards' legend); <see cref="SegmentsIn"/> gives them in a report's language.</summary>
    public static IReadOnlyList<(string Label, SKColor Color)> Segments { get; } = SegmentsIn(Localization.ReportText.English);

    public static IReadOnlyList<(string Label, SKColor Color)> SegmentsIn(Localization.ReportText text) =>
    [
        (text["Completeness_Completed"], SKColor.Parse("#009E73")),
        (text["Completeness_Missed"], SKColor.Parse("#555555")),
        (text["Completeness_Overdue"], SKColor.Parse("#D55E00")),
        (text["Completeness_Open"], SKColor.Parse("#56B4E9")),
        (text["Completeness_NotExpected"], SKColor.Parse("#D9D9D9")),
    ];

    public override void Render(SKCanvas canvas, SKRect rect)
    {
        using var draw = new Draw(canvas, FontSize);
        var segments = SegmentsIn(Text);
        float line = FontSize * 1.45f;
        int top = Math.Max(1, Bars.Select(b => b.Total).DefaultIfEmpty(0).Max());
        double step = Math.Max(1, NiceStep(top)); // counts: whole-number ticks only (a step of 0.2 printed "0 0 0 1 1 1")
        double max = Math.Ceiling(top / step) * step;
        float left = rect.Left + line * 1.4f + draw.Width(max.ToString("0", CultureInfo.InvariantCulture)) + 10;
        int legendRows = LegendRows(draw, segments, rect.Width - 8);
        float band = (rect.Right - FontSize - left) / Math.Max(1, Bars.Count);
        float labelsExtra = draw.CategoryLabelsExtra(Bars.Select(b => b.Visit), band);
        var area = new SKRect(left, rect.Top + line * (1.2f + legendRows), rect.Right - FontSize, rect.Bottom - line * 2.6f - labelsExtra);
        var y = new AxisScale(0, max, area.Bottom, area.Top);

        draw.Legend(segments.Select(s => (s.Label, s.Color)).ToArray(), (rect.Left + rect.Right) / 2, rect.Top + line, rect.Width - 8);
        for (double v = 0; v <= max + 1e-9; v += step)
        {
            float py = y.Map(v);
            draw.Line(area.Left, py, area.Right, py, FigurePalette.Grid, 1);
            draw.Text(v.ToString("0", CultureInfo.InvariantCulture), area.Left - 8, py + FontSize * 0.35f, SKTextAlign.Right);
        }
        draw.Line(area.Left, area.Top, area.Left, area.Bottom, FigurePalette.Axis, 1);
        draw.Line(area.Left, area.Bottom, area.Right, area.Bottom, FigurePalette.Axis, 1);
        draw.VerticalText(Text["Completeness_Patients"], rect.Left + line * 0.8f, (area.Top + area.Bottom) / 2);
        draw.Text(Text["Visit"], (area.Left + area.Right) / 2, area.Bottom + line * 2.2f + labelsExtra, SKTextAlign.Center);

        for (int i = 0; i < Bars.Count; i++)
        {
            var b = Bars[i];
            float cx = area.Left + band * (i + 0.5f), half = band * 0.3f;
            int[] counts = [b.Completed, b.Missed, b.Overdue, b.Open, b.NotExpected];
            double cumulative = 0;
            for (int s = 0; s < counts.Length; s++)
            {
                if (counts[s] == 0) continue;
                var r = new SKRect(cx - half, y.Map(cumulative + counts[s]), cx + half, y.Map(cumulative));
                draw.FillRect(r, segments[s].Color);
                if (r.Height > FontSize * 1.1f)
                    draw.Text(counts[s].ToString(CultureInfo.InvariantCulture), cx, (r.Top + r.Bottom) / 2 + FontSize * 0.35f, SKTextAlign.Center,
                        draw.Small, s is 4 or 3 ? FigurePalette.Text : SKColors.White);
                cumulative += counts[s];
            }
            draw.CategoryLabel(b.Visit, cx, area.Bottom + line * 1.1f, band);
        }
    }

    private static int LegendRows(Draw draw, IReadOnlyList<(string Label, SKColor Color)> segments, float maxWidth)
    {
        float total = segments.Sum(s => 28 + draw.Width(s.Label) * 1.1f) + 22 * (segments.Count - 1);
        return total <= maxWidth ? 1 : 2;
    }

    private static double NiceStep(double max)
    {
        double raw = max / 5, magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double n = raw / magnitude;
        return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * magnitude;
    }
}
