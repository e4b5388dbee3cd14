using PvpRegistry.Core.Statistics;
using SkiaSharp;

namespace PvpRegistry.Reports.Figures;

/// <summary>One curve of a Kaplan-Meier figure: its legend label (without n; the figure adds it) and the Core curve in months.</summary>
public sealed record KaplanMeierSeries(string Label, SurvivalCurve Curve);

/// <summary>Where a Kaplan-Meier figure put its plot area, for overlays (hover regions) drawn on top of it.</summary>
/// <param name="PlotArea">The data area in canvas units.</param>
/// <param name="X">Months to canvas x.</param>
/// <param name="Y">Survival probability to canvas y.</param>
public sealed record KaplanMeierLayout(SKRect PlotArea, AxisScale X, AxisScale Y);

/// <summary>
/// Kaplan-Meier curves as journal figures (survminer's conventions): step curves with <c>+</c>
/// censor marks, optional shaded 95% CI, legend with group and n, x in months with ticks every 6
/// to 36, y survival 0-1, dashed median guide lines where the median is reached, the log-rank p in
/// the lower-left corner and a number-at-risk table under the x axis aligned to the ticks. Every
/// number is read from the Core curves; nothing is estimated here.
/// </summary>
public sealed class KaplanMeierFigure(IReadOnlyList<KaplanMeierSeries> series, double? logRankP) : Figure
{
    public IReadOnlyList<KaplanMeierSeries> Series { get; } = series;
    public double? LogRankP { get; } = logRankP;
    public bool ShowConfidenceBands { get; init; } = true;
    public bool ShowCensorMarks { get; init; } = true;
    public bool ShowMedians { get; init; } = true;
    public bool ShowRiskTable { get; init; } = true;
    /// <summary>Right end of the x axis; changing it never changes an estimate, only what is visible.</summary>
    public double MaxMonths { get; init; } = 36;
    public double TickStepMonths { get; init; } = 6;
    public string XTitle { get; init; } = "Time since procedure (months)";
    public string YTitle { get; init; } = "Survival probability";

    /// <summary>The curves of one Table 4 factor, labelled with <see cref="Formats.FactorLevel"/>, with its log-rank p.</summary>
    public static KaplanMeierFigure ForFactor(StudySurvivalFactor factor, bool showConfidenceBands = true) =>
        new(factor.Groups.Select(g => new KaplanMeierSeries(Formats.FactorLevel(factor.Factor, g.Name), g.Curve)).ToArray(), factor.LogRank?.P)
        {
            ShowConfidenceBands = showConfidenceBands,
        };

    /// <summary>The x ticks (0, 6, ..., 36 by default): where the risk table is read.</summary>
    public IReadOnlyList<double> Ticks
    {
        get
        {
            var ticks = new List<double>();
            for (double t = 0; t <= MaxMonths + 1e-9; t += TickStepMonths) ticks.Add(t);
            return ticks;
        }
    }

    public static string LegendLabel(KaplanMeierSeries s) => $"{s.Label} (n = {s.Curve.N})";

    public KaplanMeierLayout Layout(SKRect rect)
    {
        using var font = ReportFonts.Font(ReportFonts.Regular, FontSize);
        float line = FontSize * 1.45f;
        float legendWidth = Series.Sum(s => 28 + font.MeasureText(LegendLabel(s)) * 1.1f) + 22 * Math.Max(0, Series.Count - 1);
        float legendHeight = line * (legendWidth > rect.Width - 8 ? 2.6f : 1.6f);
        float below = line * 1.2f /* tick labels */ + line * 1.3f /* x title */;
        if (ShowRiskTable) below += line * 1.4f /* header */ + line * Series.Count + line * 0.3f;
        float yLabelWidth = font.MeasureText("0.00") + 8;
        // Slack of 15% on text widths: an SVG viewer may substitute a wider font for DejaVu Sans.
        float riskLabelWidth = ShowRiskTable && Series.Count > 0 ? Series.Max(s => font.MeasureText(s.Label)) * 1.15f + RiskLabelGap(font) : 0;
        float left = rect.Left + Math.Max(line * 1.4f + yLabelWidth + 6, riskLabelWidth);
        float right = rect.Right - Math.Max(font.MeasureText("999") * 0.6f + 8, FontSize * 1.5f);
        var plot = new SKRect(left, rect.Top + legendHeight, right, rect.Bottom - below);
        return new KaplanMeierLayout(plot, new AxisScale(0, MaxMonths, plot.Left, plot.Right), new AxisScale(0, 1, plot.Bottom, plot.Top));
    }

    public override void Render(SKCanvas canvas, SKRect rect)
    {
        var layout = Layout(rect);
        var area = layout.PlotArea;
        var (x, y) = (layout.X, layout.Y);
        using var draw = new Draw(canvas, FontSize);
        float line = FontSize * 1.45f;

        // Legend above the plot.
        draw.Legend(Series.Select((s, i) => (LegendLabel(s), FigurePalette.For(i))).ToArray(), (rect.Left + rect.Right) / 2, rect.Top + line, rect.Width - 8);

        // Axes: left and bottom, ticks outward (no box, no grid, as journal figures).
        draw.Line(area.Left, area.Top, area.Left, area.Bottom, FigurePalette.Axis, 1);
        draw.Line(area.Left, area.Bottom, area.Right, area.Bottom, FigurePalette.Axis, 1);
        for (int k = 0; k <= 5; k++)
        {
            double v = k / 5.0;
            float py = y.Map(v);
            draw.Line(area.Left - 5, py, area.Left, py, FigurePalette.Axis, 1);
            draw.Text(v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), area.Left - 8, py + FontSize * 0.35f, SKTextAlign.Right);
        }
        foreach (var t in Ticks)
        {
            float px = x.Map(t);
            draw.Line(px, area.Bottom, px, area.Bottom + 5, FigurePalette.Axis, 1);
            draw.Text(Formats.Number(t, 0), px, area.Bottom + line * 1.1f, SKTextAlign.Center);
        }
        draw.Text(XTitle, (area.Left + area.Right) / 2, area.Bottom + line * 2.3f, SKTextAlign.Center);
        float yTitleX = area.Left - (draw.Width("0.00") + 8) - line * 0.9f;
        draw.VerticalText(YTitle, Math.Max(rect.Left + line * 0.8f, yTitleX), (area.Top + area.Bottom) / 2);

        canvas.Save();
        canvas.ClipRect(new SKRect(area.Left, area.Top - 4, area.Right + 1, area.Bottom + 1));

        if (ShowConfidenceBands)
            for (int i = 0; i < Series.Count; i++)
                if (BandPath(Series[i].Curve, x, y) is { } band)
                {
                    using (band) draw.Fill(band, FigurePalette.For(i).WithAlpha(40));
                }

        if (ShowMedians)
        {
            var reached = Series.Select(s => s.Curve.Median).OfType<double>().Where(m => m <= MaxMonths).ToArray();
            float[] dash = [5, 4];
            if (reached.Length > 0)
            {
                draw.Line(area.Left, y.Map(0.5), x.Map(reached.Max()), y.Map(0.5), FigurePalette.Guide, 1, dash);
                foreach (var m in reached) draw.Line(x.Map(m), y.Map(0.5), x.Map(m), area.Bottom, FigurePalette.Guide, 1, dash);
            }
        }

        for (int i = 0; i < Series.Count; i++)
        {
            var curve = Series[i].Curve;
            var color = FigurePalette.For(i);
            using var path = StepPath(curve, x, y);
            draw.Path(path, color, 2.2f);
            if (!ShowCensorMarks) continue;
            // Every mark of a curve in one path: one SVG element instead of two per mark (thousands in a large cohort).
            float h = FontSize * 0.38f;
            using var marks = new SKPathBuilder();
            bool any = false;
            for (int k = 0; k < curve.Time.Length; k++)
            {
                if (curve.NCensor[k] == 0 || curve.Time[k] > MaxMonths) continue;
                float px = x.Map(curve.Time[k]), py = y.Map(curve.Survival[k]);
                marks.MoveTo(px, py - h);
                marks.LineTo(px, py + h);
                marks.MoveTo(px - h, py);
                marks.LineTo(px + h, py);
                any = true;
            }
            if (!any) continue;
            using var markPath = marks.Detach();
            draw.Path(markPath, color, 1.4f);
        }
        canvas.Restore();

        if (LogRankP is { } p)
            draw.Text($"Log-rank {Formats.PLabel(p)}", area.Left + 10, area.Bottom - line * 0.6f);

        if (ShowRiskTable)
        {
            float top = area.Bottom + line * 2.3f + line * 1.5f;
            draw.Text("Number at risk", rect.Left + 4, top, SKTextAlign.Left, draw.Bold);
            for (int i = 0; i < Series.Count; i++)
            {
                float rowY = top + line * (i + 1);
                draw.Text(Series[i].Label, area.Left - RiskLabelGap(draw.Regular) + 4, rowY, SKTextAlign.Right, null, FigurePalette.For(i));
                foreach (var t in Ticks)
                    draw.Text(Series[i].Curve.NumberAtRisk(t).ToString(System.Globalization.CultureInfo.InvariantCulture), x.Map(t), rowY, SKTextAlign.Center);
            }
        }
    }

    /// <summary>
    /// Room between a risk-table row label and the plot's left edge: the counts under the first tick are centred
    /// on that edge, so half the widest count (four digits in a large cohort) plus a gap.
    /// </summary>
    private float RiskLabelGap(SKFont font)
    {
        int widest = Series.Count == 0 ? 0 : Series.Max(s => s.Curve.N);
        return font.MeasureText(widest.ToString(System.Globalization.CultureInfo.InvariantCulture)) / 2 + 14;
    }

    private SKPath StepPath(SurvivalCurve curve, AxisScale x, AxisScale y)
    {
        using var path = new SKPathBuilder();
        path.MoveTo(x.Map(0), y.Map(1));
        double previous = 1;
        for (int k = 0; k < curve.Time.Length; k++)
        {
            double t = Math.Min(curve.Time[k], MaxMonths * 1.02);
            path.LineTo(x.Map(t), y.Map(previous));
            path.LineTo(x.Map(t), y.Map(curve.Survival[k]));
            previous = curve.Survival[k];
            if (curve.Time[k] > MaxMonths) break;
        }
        return path.Detach();
    }

    /// <summary>The CI band as a closed step polygon, up to the last time with both limits.</summary>
    private SKPath? BandPath(SurvivalCurve curve, AxisScale x, AxisScale y)
    {
        var points = new List<(double T, double Lo, double Hi)> { (0, 1, 1) };
        for (int k = 0; k < curve.Time.Length; k++)
        {
            if (curve.Lower[k] is not { } lo || curve.Upper[k] is not { } hi) break;
            points.Add((Math.Min(curve.Time[k], MaxMonths * 1.02), lo, hi));
            if (curve.Time[k] > MaxMonths) break;
        }
        if (points.Count < 2) return null;
        using var path = new SKPathBuilder();
        path.MoveTo(x.Map(points[0].T), y.Map(points[0].Hi));
        for (int k = 1; k < points.Count; k++)
        {
            path.LineTo(x.Map(points[k].T), y.Map(points[k - 1].Hi));
            path.LineTo(x.Map(points[k].T), y.Map(points[k].Hi));
        }
        path.LineTo(x.Map(points[^1].T), y.Map(points[^1].Lo));
        for (int k = points.Count - 1; k >= 1; k--)
        {
            path.LineTo(x.Map(points[k].T), y.Map(points[k - 1].Lo));
            path.LineTo(x.Map(points[k - 1].T), y.Map(points[k - 1].Lo));
        }
        path.Close();
        return path.Detach();
    }
}
