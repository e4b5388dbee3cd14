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
/// censor marks (at most one per pixel column per curve, so thousands of marks do not merge into a band),
/// optional shaded 95% CI, legend with group and n, x in months to the last follow-up with ticks every 6
/// (every 12 beyond 48 months) and 36 months marked, y survival 0-1, dashed median guide lines where the
/// median is reached, the log-rank p in a corner no curve or guide crosses and a number-at-risk table under the x axis
/// aligned to the ticks, each row's label above its counts (so a long label never narrows the plot). Every
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
    /// <summary>
    /// Right end of the x axis: the last follow-up of any curve, rounded up to a tick, and at least 36 months (Table 4's
    /// last time point). Changing it never changes an estimate, only what is visible.
    /// </summary>
    public double MaxMonths { get; init; } = AxisEnd(series);
    /// <summary>Months between x ticks: 6 up to 48 months, else 12 (the 36-month line is drawn either way).</summary>
    public double TickStepMonths => MaxMonths <= 48 ? 6 : 12;
    /// <summary>The time point marked with a dotted line when the axis runs past it (Table 4's survival at 36 months).</summary>
    public const double MarkedMonths = 36;
    /// <summary>The x-axis title; null for the one of <see cref="Figure.Text"/>'s language.</summary>
    public string? XTitle { get; init; }
    public string? YTitle { get; init; }

    /// <summary>The curves of one Table 4 factor, labelled with <see cref="Formats.FactorLevel"/>, with its log-rank p.</summary>
    public static KaplanMeierFigure ForFactor(StudySurvivalFactor factor, bool showConfidenceBands = true, Localization.ReportText? text = null)
    {
        var t = text ?? Localization.ReportText.English;
        return new(factor.InClinicalOrder.Select(g => new KaplanMeierSeries(t.FactorLevel(factor.Factor, g.Name), g.Curve)).ToArray(), factor.LogRank?.P)
        {
            ShowConfidenceBands = showConfidenceBands,
            Text = t,
        };
    }

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

    public string LegendLabel(KaplanMeierSeries s) => Text.Format("Legend_N", s.Label, s.Curve.N);

    private static double AxisEnd(IReadOnlyList<KaplanMeierSeries> series)
    {
        double last = series.SelectMany(s => s.Curve.Time).DefaultIfEmpty(0).Max();
        double step = last <= 48 ? 6 : 12;
        return Math.Max(MarkedMonths, Math.Ceiling(last / step - 1e-9) * step);
    }

    /// <summary>Lines of the number-at-risk table under the x title: its header, then per curve a label line and a counts line.</summary>
    private int RiskTableLines => ShowRiskTable ? 1 + 2 * Series.Count : 0;

    public KaplanMeierLayout Layout(SKRect rect)
    {
        using var font = ReportFonts.Font(ReportFonts.Regular, FontSize);
        float line = FontSize * 1.45f;
        float legendWidth = Series.Sum(s => 28 + font.Measure(LegendLabel(s)) * 1.1f) + 22 * Math.Max(0, Series.Count - 1);
        float legendHeight = line * (legendWidth > rect.Width - 8 ? 2.6f : 1.6f);
        float below = line * 1.2f /* tick labels */ + line * 1.3f /* x title */;
        if (ShowRiskTable) below += line * 0.4f + line * RiskTableLines * RiskLineFactor + line * 0.3f;
        float yLabelWidth = font.MeasureText("0.00") + 8;
        // The left margin depends on the y axis and the widest count only, never on the labels (they sit above their counts).
        float left = rect.Left + Math.Max(line * 1.4f + yLabelWidth + 6, RiskLabelGap(font));
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
        if (MaxMonths > MarkedMonths + 1e-9)
        {
            // Table 4's last time point, marked on an axis that runs on to the last follow-up.
            float px = x.Map(MarkedMonths);
            draw.Line(px, area.Top, px, area.Bottom, FigurePalette.Guide, 1, [2, 3]);
            draw.Text(Text.Format("Km_MarkedMonths", Formats.Number(MarkedMonths, 0)), px + 4, area.Top + FontSize * 0.9f, SKTextAlign.Left, draw.Small, FigurePalette.Guide);
        }
        draw.Text(XTitle ?? Text["Km_XTitle"], (area.Left + area.Right) / 2, area.Bottom + line * 2.3f, SKTextAlign.Center);
        float yTitleX = area.Left - (draw.Width("0.00") + 8) - line * 0.9f;
        draw.VerticalText(YTitle ?? Text["Km_YTitle"], Math.Max(rect.Left + line * 0.8f, yTitleX), (area.Top + area.Bottom) / 2);

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
            foreach (var (px, py) in CensorMarks(curve, x, y))
            {
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

        if (LogRankLabel(rect) is var (label, box, clear))
        {
            // With no free corner, the label keeps the lower left on a backing of the page's white.
            if (!clear) draw.FillRect(box, SKColors.White);
            draw.Text(label, box.Left + LabelPadding, box.Bottom - LabelPadding - FontSize * 0.25f);
        }

        if (ShowRiskTable)
        {
            float top = area.Bottom + line * 2.3f + line * 1.5f;
            float rowLine = line * RiskLineFactor;
            draw.Text(Text["Km_NumberAtRisk"], rect.Left + 4, top, SKTextAlign.Left, draw.Bold);
            for (int i = 0; i < Series.Count; i++)
            {
                float labelY = top + rowLine * (2 * i + 1), rowY = labelY + rowLine;
                draw.Text(Series[i].Label, rect.Left + 4, labelY, SKTextAlign.Left, null, FigurePalette.For(i));
                foreach (var t in Ticks)
                    draw.Text(Series[i].Curve.NumberAtRisk(t).ToString(System.Globalization.CultureInfo.InvariantCulture), x.Map(t), rowY, SKTextAlign.Center);
            }
        }
    }

    /// <summary>
    /// Where a curve's censor marks go: at most one per pixel column (at 10,000 patients thousands of marks per curve
    /// merged into a band, as survminer users thin them), only within the visible x range.
    /// </summary>
    public static IReadOnlyList<(float X, float Y)> CensorMarks(SurvivalCurve curve, AxisScale x, AxisScale y)
    {
        var marks = new List<(float, float)>();
        int lastColumn = int.MinValue;
        for (int k = 0; k < curve.Time.Length; k++)
        {
            if (curve.NCensor[k] == 0 || curve.Time[k] > x.Max) continue;
            float px = x.Map(curve.Time[k]);
            int column = (int)MathF.Floor(px);
            if (column == lastColumn) continue;
            lastColumn = column;
            marks.Add((px, y.Map(curve.Survival[k])));
        }
        return marks;
    }

    private const float LabelPadding = 3;

    /// <summary>
    /// Where the log-rank label goes: the first of the lower-left, upper-right and lower-right corners of the plot, then the
    /// bottom just right of the medians, that no curve, censor mark, median guide or 36-month line crosses
    /// (<c>Clear</c> true); otherwise the lower left (<c>Clear</c> false: the label needs a backing there).
    /// </summary>
    public (string Text, SKRect Box, bool Clear)? LogRankLabel(SKRect rect)
    {
        if (LogRankP is not { } p) return null;
        string text = Text.Format("Km_LogRank", Text.PLabel(p));
        using var font = ReportFonts.Font(ReportFonts.Regular, FontSize);
        var layout = Layout(rect);
        var area = layout.PlotArea;
        float w = font.Measure(text) + 2 * LabelPadding, h = FontSize * 1.2f + 2 * LabelPadding, inset = 6;
        var medians = ShowMedians ? Series.Select(s => s.Curve.Median).OfType<double>().Where(m => m <= MaxMonths).ToArray() : [];
        SKRect At(float left, float top) => new(left, top, left + w, top + h);
        var candidates = new List<SKRect>
        {
            At(area.Left + inset, area.Bottom - inset - h),
            At(area.Right - inset - w, area.Top + FontSize * 1.6f),
            At(area.Right - inset - w, area.Bottom - inset - h),
        };
        if (medians.Length > 0) candidates.Add(At(layout.X.Map(medians.Max()) + inset, area.Bottom - inset - h));
        foreach (var box in candidates)
            if (box.Left >= area.Left && box.Right <= area.Right && !Crossed(box, layout, medians)) return (text, box, true);
        return (text, candidates[0], false);
    }

    /// <summary>Whether a curve (its steps and censor marks), a median guide or the 36-month line passes through the box.</summary>
    private bool Crossed(SKRect box, KaplanMeierLayout layout, double[] medians)
    {
        var (x, y, area) = (layout.X, layout.Y, layout.PlotArea);
        float mark = ShowCensorMarks ? FontSize * 0.38f + 2 : 2;
        var near = SKRect.Inflate(box, mark, mark);
        box = SKRect.Inflate(box, 2, 2); // a line's width and its anti-aliasing
        bool Horizontal(float py, float x1, float x2, SKRect r) => py >= r.Top && py <= r.Bottom && Math.Max(x1, x2) >= r.Left && Math.Min(x1, x2) <= r.Right;
        bool Vertical(float px, float y1, float y2, SKRect r) => px >= r.Left && px <= r.Right && Math.Max(y1, y2) >= r.Top && Math.Min(y1, y2) <= r.Bottom;

        if (MaxMonths > MarkedMonths + 1e-9 && Vertical(x.Map(MarkedMonths), area.Top, area.Bottom, box)) return true;
        if (medians.Length > 0)
        {
            if (Horizontal(y.Map(0.5), area.Left, x.Map(medians.Max()), box)) return true;
            if (medians.Any(m => Vertical(x.Map(m), y.Map(0.5), area.Bottom, box))) return true;
        }
        foreach (var s in Series)
        {
            var curve = s.Curve;
            float px = x.Map(0), py = y.Map(1);
            for (int k = 0; k < curve.Time.Length; k++)
            {
                float nx = x.Map(Math.Min(curve.Time[k], MaxMonths)), ny = y.Map(curve.Survival[k]);
                if (Horizontal(py, px, nx, near) || Vertical(nx, py, ny, near)) return true;
                (px, py) = (nx, ny);
            }
        }
        return false;
    }

    /// <summary>Line height of the risk table's rows relative to the figure's line: labels and counts set close.</summary>
    private const float RiskLineFactor = 0.95f;

    /// <summary>
    /// Room left of the plot for the risk table: the counts under the first tick are centred on the plot's left edge,
    /// so half the widest count (four digits in a large cohort) plus a gap.
    /// </summary>
    private float RiskLabelGap(SKFont font)
    {
        int widest = Series.Count == 0 ? 0 : Series.Max(s => s.Curve.N);
        return font.MeasureText(widest.ToString(System.Globalization.CultureInfo.InvariantCulture)) / 2 + 14;
    }

    /// <summary>
    /// The step curve to the last follow-up time. Steps inside one pixel column are drawn as one (a vertical line there
    /// looks the same) and times without a drop add no corner: at 10,000 patients the path is a few hundred points, not thousands.
    /// </summary>
    private SKPath StepPath(SurvivalCurve curve, AxisScale x, AxisScale y)
    {
        using var path = new SKPathBuilder();
        path.MoveTo(x.Map(0), y.Map(1));
        float previousY = y.Map(1), columnX = x.Map(0), lastX = columnX;
        int column = int.MinValue;
        for (int k = 0; k < curve.Time.Length; k++)
        {
            float px = x.Map(Math.Min(curve.Time[k], MaxMonths)), py = y.Map(curve.Survival[k]);
            lastX = px;
            if (py == previousY) continue;
            int c = (int)MathF.Floor(px);
            if (c != column)
            {
                path.LineTo(px, previousY);
                column = c;
                columnX = px;
            }
            path.LineTo(columnX, py);
            previousY = py;
        }
        path.LineTo(lastX, previousY);
        return path.Detach();
    }

    /// <summary>The CI band as a closed step polygon, up to the last time with both limits.</summary>
    private SKPath? BandPath(SurvivalCurve curve, AxisScale x, AxisScale y)
    {
        // Limits that do not change add no corner, and changes inside one pixel column are drawn as one (as the curve).
        var points = new List<(double T, double Lo, double Hi)> { (0, 1, 1) };
        int lastColumn = int.MinValue;
        double lastTime = 0;
        for (int k = 0; k < curve.Time.Length; k++)
        {
            if (curve.Lower[k] is not { } lo || curve.Upper[k] is not { } hi) break;
            double t = Math.Min(curve.Time[k], MaxMonths);
            lastTime = t;
            if (lo == points[^1].Lo && hi == points[^1].Hi) continue;
            int column = (int)MathF.Floor(x.Map(t));
            if (column == lastColumn && points.Count > 1) points[^1] = (points[^1].T, lo, hi);
            else points.Add((t, lo, hi));
            lastColumn = column;
        }
        if (lastTime > points[^1].T) points.Add((lastTime, points[^1].Lo, points[^1].Hi));
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
