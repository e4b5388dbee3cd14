using PvpRegistry.Core.Statistics;
using PvpRegistry.Reports.Figures;
using SkiaSharp;

namespace PvpRegistry.Reports.Tests;

/// <summary>The Kaplan-Meier figures' log-rank label sits where no curve, mark or guide line runs under it.</summary>
public class KaplanMeierLabelTests(LargeReport report) : IClassFixture<LargeReport>
{
    private const int Width = 760, Height = 420;

    [Fact]
    public void On_every_factor_of_a_248_patient_report_the_log_rank_label_lies_on_blank_plot_area()
    {
        Assert.Equal(8, report.Study.Survival.Count);
        foreach (var factor in report.Study.Survival)
        {
            var figure = KaplanMeierFigure.ForFactor(factor, showConfidenceBands: false);
            var (text, box, clear) = figure.LogRankLabel(new SKRect(0, 0, Width, Height))!.Value;
            Assert.True(clear, $"{factor.Factor}: no free place for \"{text}\"");
            // The same figure drawn without its label: every pixel under the label's box is the page's white.
            var unlabelled = new KaplanMeierFigure(figure.Series, logRankP: null) { ShowConfidenceBands = false };
            using var bitmap = SKBitmap.Decode(unlabelled.ToPng(Width, Height));
            for (int px = (int)MathF.Floor(box.Left); px <= (int)MathF.Ceiling(box.Right); px++)
                for (int py = (int)MathF.Floor(box.Top); py <= (int)MathF.Ceiling(box.Bottom); py++)
                    Assert.True(bitmap.GetPixel(px, py) == SKColors.White, $"{factor.Factor}: the label at {box} covers a drawn pixel at ({px}, {py})");
        }
    }

    [Fact]
    public void With_no_free_corner_the_label_keeps_the_lower_left_on_a_white_backing()
    {
        // A curve at 1 to the end (upper right), one falling evenly (medians at 36 months), one that drops to 0.08 in the
        // first weeks and runs along the bottom to the end (lower left, lower right, after the medians).
        var months = Enumerable.Range(1, 72).Select(m => (double)m).ToArray();
        var flat = KaplanMeier.Fit(months, months.Select(m => m == 72).ToArray(), "flat");
        var falling = KaplanMeier.Fit(months, months.Select(_ => true).ToArray(), "falling");
        var early = KaplanMeier.Fit(months.Select(m => m <= 66 ? m / 10 : 72).ToArray(), months.Select(m => m <= 66).ToArray(), "early");
        var dense = new KaplanMeierFigure([new("flat", flat), new("falling", falling), new("early", early)], 0.04);
        var (_, box, clear) = dense.LogRankLabel(new SKRect(0, 0, Width, Height))!.Value;
        Assert.False(clear);
        var layout = dense.Layout(new SKRect(0, 0, Width, Height));
        Assert.True(box.Left < layout.PlotArea.MidX && box.Top > layout.PlotArea.MidY, $"{box} is not in the lower left of {layout.PlotArea}");
        using var bitmap = SKBitmap.Decode(dense.ToPng(Width, Height));
        Assert.Equal(SKColors.White, bitmap.GetPixel((int)box.Left + 1, (int)box.Top + 1));
    }
}
