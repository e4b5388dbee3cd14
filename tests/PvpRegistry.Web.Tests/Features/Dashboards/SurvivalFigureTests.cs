using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Reports.Figures;
using PvpRegistry.Web.Features.Dashboards;
using SkiaSharp;
using Xunit.Abstractions;

namespace PvpRegistry.Web.Tests.Features.Dashboards;

/// <summary>The survival panel's Kaplan-Meier figure at scale: thinned censor marks, the axis to the last follow-up, a plot that labels do not narrow.</summary>
public class SurvivalFigureTests(ITestOutputHelper output)
{
    /// <summary>Two arms of 5,000 patients: exponential deaths (median about 12 and 20 months), censoring uniform over 0-80 months, in whole days.</summary>
    private static (double[] Months, bool[] Died, string[] Arm) LargeCohort(int n = 10_000)
    {
        var random = new Random(20261201);
        var months = new double[n];
        var died = new bool[n];
        var arm = new string[n];
        for (int i = 0; i < n; i++)
        {
            arm[i] = i % 2 == 0 ? "pvp" : "pvp_i125";
            double death = -Math.Log(1 - random.NextDouble()) * (i % 2 == 0 ? 17 : 29), censor = random.NextDouble() * 80;
            months[i] = Math.Max(1, Math.Round(Math.Min(death, censor) * SurvivalTime.DaysPerMonth)) / SurvivalTime.DaysPerMonth;
            died[i] = death <= censor;
        }
        return (months, died, arm);
    }

    private static KaplanMeierFigure Figure(IReadOnlyList<SurvivalCurve> curves, Func<string, string>? label = null) =>
        new(curves.Select(c => new KaplanMeierSeries(label?.Invoke(c.Name) ?? c.Name, c)).ToArray(), 0.001) { FontSize = SurvivalPanel.FontSize };

    [Fact]
    public void At_10000_patients_censor_marks_are_thinned_to_one_per_pixel_column_per_arm_and_the_figure_sends_little_svg()
    {
        var (months, died, arm) = LargeCohort();
        var curves = KaplanMeier.FitByGroup(months, died, arm, ConfidenceType.Log, 0.95);
        var figure = Figure(curves);
        var layout = figure.Layout(new SKRect(0, 0, SurvivalPanel.Width, SurvivalPanel.Height));
        foreach (var curve in curves)
        {
            var marks = KaplanMeierFigure.CensorMarks(curve, layout.X, layout.Y);
            int censoredTimes = curve.Time.Where((t, k) => curve.NCensor[k] > 0 && t <= figure.MaxMonths).Count();
            Assert.Equal(marks.Count, marks.Select(m => (int)MathF.Floor(m.X)).Distinct().Count());
            Assert.True(marks.Count <= layout.PlotArea.Width + 1, $"{marks.Count} marks on a plot {layout.PlotArea.Width} px wide");
            Assert.True(censoredTimes > 2 * marks.Count, $"{curve.Name}: {censoredTimes} censoring times drawn as {marks.Count} marks");
            output.WriteLine($"{curve.Name}: {curve.NCensor.Sum()} censored at {censoredTimes} times -> {marks.Count} marks");
        }
        var markup = FigureSvg.Inline(figure, SurvivalPanel.Width, SurvivalPanel.Height, FigureSvg.KaplanMeierHover(figure, SurvivalPanel.Width, SurvivalPanel.Height), "km").Value;
        output.WriteLine($"survival panel KM markup at 10,000 patients: {markup.Length / 1024.0:F0} KB");
        Assert.True(markup.Length < 150 * 1024, $"{markup.Length / 1024} KB of SVG");
    }

    [Fact]
    public void The_curves_run_to_the_last_follow_up_with_36_months_marked()
    {
        var (months, died, arm) = LargeCohort(2_000);
        var curves = KaplanMeier.FitByGroup(months, died, arm, ConfidenceType.Log, 0.95);
        var figure = Figure(curves);
        double last = months.Max();
        Assert.True(figure.MaxMonths >= last && figure.MaxMonths < last + figure.TickStepMonths, $"axis to {figure.MaxMonths}, last follow-up {last:F1}");
        Assert.Equal(12, figure.TickStepMonths);
        Assert.Contains(36, figure.Ticks);
        Assert.Contains("36 months", FigureSvg.Inline(figure, SurvivalPanel.Width, SurvivalPanel.Height).Value);
    }

    [Fact]
    public void Long_level_labels_do_not_narrow_the_plot()
    {
        var (months, died, arm) = LargeCohort(400);
        var curves = KaplanMeier.FitByGroup(months, died, arm, ConfidenceType.Log, 0.95);
        var rect = new SKRect(0, 0, SurvivalPanel.Width, SurvivalPanel.Height);
        var shortLabels = Figure(curves, n => n == "pvp" ? "A" : "B").Layout(rect).PlotArea;
        var longLabels = Figure(curves, n => n == "pvp" ? "No visceral metastasis, lumbosacral site" : "Visceral metastasis, lumbosacral site").Layout(rect).PlotArea;
        // The same width and left edge; only a legend that needs a second line takes that line from the top.
        Assert.Equal(shortLabels.Left, longLabels.Left);
        Assert.Equal(shortLabels.Width, longLabels.Width);
        Assert.True(shortLabels.Height - longLabels.Height <= SurvivalPanel.FontSize * 1.5f, $"{shortLabels} vs {longLabels}");
    }
}
