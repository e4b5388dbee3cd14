using System.Globalization;
using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using SkiaSharp;

namespace PvpRegistry.Reports.Figures;

/// <summary>A point of a means figure: mean with SD (null when a single value) and n.</summary>
public sealed record MeanPoint(int Category, double Mean, double? Sd, int N);

/// <summary>A group's means over ordinal categories.</summary>
public sealed record MeanSeries(string Label, IReadOnlyList<MeanPoint> Points);

/// <summary>
/// Means with SD error bars per group over ordinal categories (visits), groups dodged side by side,
/// joined by lines; a <c>*</c> above the categories where the groups differ significantly.
/// The common drawing of <see cref="VasTrendFigure"/> and <see cref="KpsFigure"/>.
/// </summary>
public class MeansFigure(IReadOnlyList<string> categories, IReadOnlyList<MeanSeries> series) : Figure
{
    public IReadOnlyList<string> Categories { get; } = categories;
    public IReadOnlyList<MeanSeries> Series { get; } = series;
    /// <summary>Categories (indexes) marked with <c>*</c>.</summary>
    public IReadOnlyList<int> Significant { get; init; } = [];
    public string? SignificanceNote { get; init; }
    public double YMin { get; init; }
    public double YMax { get; init; } = 10;
    public double YStep { get; init; } = 2;
    /// <summary>The x-axis title; null for "Visit" in <see cref="Figure.Text"/>'s language.</summary>
    public string? XTitle { get; init; }
    public string YTitle { get; init; } = "";
    public int LabelDecimals { get; init; } = 0;

    public override void Render(SKCanvas canvas, SKRect rect)
    {
        using var draw = new Draw(canvas, FontSize);
        float line = FontSize * 1.45f;
        float left = rect.Left + line * 1.4f + draw.Width(YMax.ToString("0", CultureInfo.InvariantCulture) + "0") + 10;
        float band = (rect.Right - FontSize - left) / Math.Max(1, Categories.Count);
        float labelsExtra = draw.CategoryLabelsExtra(Categories, band);
        float bottom = rect.Bottom - line * 2.6f - labelsExtra - (SignificanceNote is null ? 0 : line);
        var area = new SKRect(left, rect.Top + line * 2.2f, rect.Right - FontSize, bottom);
        var y = new AxisScale(YMin, YMax, area.Bottom, area.Top);
        float X(int category, int group) =>
            area.Left + band * (category + 0.5f) + (Series.Count <= 1 ? 0 : (group - (Series.Count - 1) / 2f) * Math.Min(14, band * 0.18f));

        draw.Legend(Series.Select((s, i) => (s.Label, FigurePalette.For(i))).ToArray(), (area.Left + area.Right) / 2, rect.Top + line);
        for (double v = YMin; v <= YMax + 1e-9; v += YStep)
        {
            float py = y.Map(v);
            draw.Line(area.Left, py, area.Right, py, FigurePalette.Grid, 1);
            draw.Line(area.Left - 5, py, area.Left, py, FigurePalette.Axis, 1);
            draw.Text(v.ToString("0.##", CultureInfo.InvariantCulture), area.Left - 8, py + FontSize * 0.35f, SKTextAlign.Right);
        }
        draw.Line(area.Left, area.Top, area.Left, area.Bottom, FigurePalette.Axis, 1);
        draw.Line(area.Left, area.Bottom, area.Right, area.Bottom, FigurePalette.Axis, 1);
        for (int c = 0; c < Categories.Count; c++)
        {
            float px = area.Left + band * (c + 0.5f);
            draw.Line(px, area.Bottom, px, area.Bottom + 5, FigurePalette.Axis, 1);
            draw.CategoryLabel(Categories[c], px, area.Bottom + line * 1.1f, band);
        }
        draw.Text(XTitle ?? Text["Visit"], (area.Left + area.Right) / 2, area.Bottom + line * 2.2f + labelsExtra, SKTextAlign.Center);
        draw.VerticalText(YTitle, rect.Left + line * 0.8f, (area.Top + area.Bottom) / 2);

        for (int g = 0; g < Series.Count; g++)
        {
            var color = FigurePalette.For(g);
            var points = Series[g].Points.OrderBy(p => p.Category).ToArray();
            using (var builder = new SKPathBuilder())
            {
                for (int k = 0; k < points.Length; k++)
                {
                    var pt = new SKPoint(X(points[k].Category, g), y.Map(points[k].Mean));
                    if (k == 0) builder.MoveTo(pt); else builder.LineTo(pt);
                }
                using var path = builder.Detach();
                draw.Path(path, color, 1.8f);
            }
            foreach (var p in points)
            {
                float px = X(p.Category, g);
                if (p.Sd is { } sd)
                {
                    float top = y.Map(Math.Min(YMax, p.Mean + sd)), low = y.Map(Math.Max(YMin, p.Mean - sd));
                    draw.Line(px, top, px, low, color, 1.3f);
                    draw.Line(px - 4, top, px + 4, top, color, 1.3f);
                    draw.Line(px - 4, low, px + 4, low, color, 1.3f);
                }
                if (g % 2 == 0) draw.Circle(px, y.Map(p.Mean), FontSize * 0.32f, color);
                else draw.Square(px, y.Map(p.Mean), FontSize * 0.28f, color);
            }
        }

        foreach (var c in Significant)
        {
            double top = Series.SelectMany(s => s.Points).Where(p => p.Category == c).Select(p => p.Mean + (p.Sd ?? 0)).DefaultIfEmpty(YMin).Max();
            float py = Math.Max(area.Top + FontSize, y.Map(Math.Min(YMax, top)) - 6);
            draw.Text("*", area.Left + band * (c + 0.5f), py, SKTextAlign.Center, draw.Bold);
        }
        if (SignificanceNote is not null)
            draw.Text(SignificanceNote, rect.Left + 2, rect.Bottom - line * 0.3f, SKTextAlign.Left, draw.Small, FigurePalette.Guide);
    }
}

/// <summary>
/// Fig. 9 (StudyFigureNumbers.Vas): VAS mean ± SD by group at each visit (preop to 36 months, ordinal axis), with <c>*</c> where
/// the between-group t-test of that visit (Welch, from <see cref="StudyVas.BetweenGroupsByVisit"/>) has p &lt; alpha.
/// </summary>
public sealed class VasTrendFigure : MeansFigure
{
    public VasTrendFigure(StudyVas vas, double alpha = 0.05, Localization.ReportText? text = null) : base(
        vas.ByVisit.Select(v => (text ?? Localization.ReportText.English).Visit(v.Visit)).ToArray(),
        GroupNames(vas).Select(group => new MeanSeries((text ?? Localization.ReportText.English).Group(group),
            vas.ByVisit.Select((v, i) => (v.Groups.First(g => g.Group == group).Summary, i))
                .Where(x => x.Summary is not null)
                .Select(x => new MeanPoint(x.i, x.Summary!.Mean, x.Summary.Sd, x.Summary.N)).ToArray())).ToArray())
    {
        Significant = vas.BetweenGroupsByVisit.Select((t, i) => (t, i)).Where(x => x.t.Test?.Welch.P < alpha).Select(x => x.i).ToArray();
        Text = text ?? Localization.ReportText.English;
        SignificanceNote = Text.Format("Means_Note_Vas", alpha.ToString("0.##", CultureInfo.InvariantCulture));
        YMin = 0;
        YMax = 10;
        YStep = 2;
        YTitle = "VAS (0-10)";
    }

    private static IEnumerable<string> GroupNames(StudyVas vas) => vas.ByVisit.Count == 0 ? [] : vas.ByVisit[0].Groups.Select(g => g.Group);
}

/// <summary>
/// Fig. 10 (StudyFigureNumbers.Kps): KPS before surgery and at 1 month, mean ± SD per group (dot plot; the axis does not start at 0),
/// from the paired t-tests of Table 3 (patients with both values), <c>*</c> at 1 month when the groups differ.
/// </summary>
public sealed class KpsFigure : MeansFigure
{
    public KpsFigure(StudyKps kps, double alpha = 0.05, Localization.ReportText? text = null) : base(
        [(text ?? Localization.ReportText.English).Visit(VisitCode.Preop), (text ?? Localization.ReportText.English).Visit(VisitCode.Month1)],
        kps.WithinGroups.Where(g => g.Test is not null).Select(g => new MeanSeries(
            (text ?? Localization.ReportText.English).Format("Legend_N", (text ?? Localization.ReportText.English).Group(g.Group), g.Test!.N),
        [
            new MeanPoint(0, g.Test.Second.Mean, g.Test.Second.Sd, g.Test.Second.N),
            new MeanPoint(1, g.Test.First.Mean, g.Test.First.Sd, g.Test.First.N),
        ])).ToArray())
    {
        Significant = kps.Between1Month?.Welch.P < alpha ? [1] : [];
        Text = text ?? Localization.ReportText.English;
        SignificanceNote = Text.Format("Means_Note_Kps", alpha.ToString("0.##", CultureInfo.InvariantCulture));
        YMin = 50;
        YMax = 100;
        YStep = 10;
        XTitle = "";
        YTitle = "KPS";
    }
}
