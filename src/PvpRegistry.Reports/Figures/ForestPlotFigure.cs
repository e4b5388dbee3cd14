using System.Globalization;
using PvpRegistry.Core.Statistics;
using SkiaSharp;

namespace PvpRegistry.Reports.Figures;

/// <summary>
/// Cox model as a forest plot: one row per coefficient with its hazard ratio (square) and 95% CI
/// (line) on a log axis, a dashed reference line at HR = 1, and the HR (CI) as text on the right.
/// A coefficient that is not estimable (infinite or not estimated) has its row and "not estimable", no marker.
/// </summary>
public sealed class ForestPlotFigure(IReadOnlyList<CoxCoefficient> coefficients, Func<string, string>? label = null) : Figure
{
    public IReadOnlyList<CoxCoefficient> Coefficients { get; } = coefficients;
    /// <summary>The x-axis title; null for the one of <see cref="Figure.Text"/>'s language.</summary>
    public string? XTitle { get; init; }

    public override void Render(SKCanvas canvas, SKRect rect)
    {
        using var draw = new Draw(canvas, FontSize);
        float line = FontSize * 1.45f;
        var names = Coefficients.Select(c => label?.Invoke(c.Name) ?? c.Name).ToArray();
        var values = Coefficients.Select(c => c.Estimable ? $"{Formats.Cox(c.HazardRatio)} {Formats.Ci(c.HazardRatioLower, c.HazardRatioUpper, 3)}" : Text["NotEstimable"]).ToArray();
        var estimable = Coefficients.Where(c => c.Estimable).ToArray();
        float labelWidth = names.Select(n => draw.Width(n)).DefaultIfEmpty(0).Max() + 16;
        float valueWidth = Math.Max(draw.Width(Text["Forest_Header"], draw.Bold), values.Select(v => draw.Width(v)).DefaultIfEmpty(0).Max()) + 16;
        var area = new SKRect(rect.Left + labelWidth, rect.Top + line * 1.4f, rect.Right - valueWidth, rect.Bottom - line * 2.6f);

        double lo = estimable.Select(c => c.HazardRatioLower).Where(v => double.IsFinite(v) && v > 0).Append(0.5).Min();
        double hi = estimable.Select(c => c.HazardRatioUpper).Where(double.IsFinite).Append(2).Max();
        double[] candidates = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 4, 5, 10, 20, 50, 100];
        double min = candidates.Where(v => v <= lo).DefaultIfEmpty(lo).Max();
        double max = candidates.Where(v => v >= hi).DefaultIfEmpty(hi).Min();
        var x = new AxisScale(min, max, area.Left, area.Right, Log: true);

        draw.Text(Text["Forest_Header"], area.Right + 12, rect.Top + line, SKTextAlign.Left, draw.Bold);
        draw.Line(area.Left, area.Bottom, area.Right, area.Bottom, FigurePalette.Axis, 1);
        double[] ticks = max / min > 40 ? [0.01, 0.1, 1, 10, 100] : [0.1, 0.2, 0.25, 0.5, 1, 2, 4, 8, 16];
        foreach (var t in ticks.Where(t => t >= min * 0.999 && t <= max * 1.001))
        {
            float px = x.Map(t);
            draw.Line(px, area.Bottom, px, area.Bottom + 5, FigurePalette.Axis, 1);
            draw.Text(t.ToString("0.##", CultureInfo.InvariantCulture), px, area.Bottom + line * 1.1f, SKTextAlign.Center);
        }
        draw.Text(XTitle ?? Text["Forest_XTitle"], (area.Left + area.Right) / 2, area.Bottom + line * 2.2f, SKTextAlign.Center);
        draw.Line(x.Map(1), area.Top - 4, x.Map(1), area.Bottom, FigurePalette.Guide, 1, [5, 4]);

        float rowHeight = Coefficients.Count == 0 ? 0 : area.Height / Coefficients.Count;
        for (int i = 0; i < Coefficients.Count; i++)
        {
            var c = Coefficients[i];
            float py = area.Top + rowHeight * (i + 0.5f);
            draw.Text(names[i], rect.Left + 2, py + FontSize * 0.35f);
            draw.Text(values[i], area.Right + 12, py + FontSize * 0.35f);
            if (!c.Estimable) continue;
            float l = x.Map(Math.Max(min, c.HazardRatioLower)), r = x.Map(Math.Min(max, c.HazardRatioUpper));
            draw.Line(l, py, r, py, FigurePalette.Axis, 1.6f);
            draw.Line(l, py - 4, l, py + 4, FigurePalette.Axis, 1.6f);
            draw.Line(r, py - 4, r, py + 4, FigurePalette.Axis, 1.6f);
            draw.Square(x.Map(Math.Clamp(c.HazardRatio, min, max)), py, FontSize * 0.38f, FigurePalette.For(0));
        }
    }
}
