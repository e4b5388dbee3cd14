using PvpRegistry.Core.Statistics;
using PvpRegistry.Reports.Figures;
using PvpRegistry.Reports.Pdf;

namespace PvpRegistry.Reports.Study;

/// <summary>
/// The report's figures, drawn as vectors on the page: Kaplan-Meier per Table 4 factor (censor marks,
/// 95% CI band, number at risk), VAS over visits, KPS before and after, the Cox forest plot and follow-up completeness.
/// </summary>
internal static class StudyFigures
{
    private const float FigureFont = 8f;
    private const float KmHeight = 270f;

    public static void AddTo(PdfBuilder pdf, StudyResult result, IReadOnlyList<CompletenessBar> completeness, CancellationToken ct)
    {
        pdf.NewPage();
        pdf.Heading("Figures", TextStyle.H2, keepWithNext: KmHeight);
        int n = 1;
        foreach (var f in result.Survival)
        {
            ct.ThrowIfCancellationRequested();
            var figure = KaplanMeierFigure.ForFactor(f);
            Place(pdf, $"Figure {n++}. Kaplan-Meier survival by {LowerFirst(f.Label)}" +
                       (f.Excluded > 0 ? $" ({f.Excluded} patients without a value excluded)" : "") +
                       ". Shaded: 95% CI; +: censored; dashed: median; table: number at risk.",
                new KaplanMeierFigure(figure.Series, figure.LogRankP) { FontSize = FigureFont }, KmHeight);
        }
        Place(pdf, $"Figure {n++}. Pain (VAS) by visit and treatment group, mean ± SD of the values present.",
            new VasTrendFigure(result.Vas) { FontSize = FigureFont }, 230);
        Place(pdf, $"Figure {n++}. KPS before surgery and at 1 month by treatment group.",
            new KpsFigure(result.Kps) { FontSize = FigureFont }, 210);
        if (result.Cox.FinalModel is { Coefficients.Count: > 0 } fit)
            Place(pdf, $"Figure {n++}. Hazard ratios of the final Cox model (Table 5) with 95% CI, log scale.",
                new ForestPlotFigure(fit.Coefficients, result.Cox.LabelOf) { FontSize = FigureFont }, 150);
        Place(pdf, $"Figure {n}. Follow-up completeness by visit (status on the data date).",
            new CompletenessFigure(completeness) { FontSize = FigureFont }, 230);
    }

    /// <summary>"Preoperative KPS" -> "preoperative KPS": only the first letter, so abbreviations stay capitals.</summary>
    private static string LowerFirst(string label) => label.Length == 0 ? label : char.ToLowerInvariant(label[0]) + label[1..];

    private static void Place(PdfBuilder pdf, string caption, Figure figure, float height)
    {
        var lines = PdfBuilder.Wrap(caption, TextStyle.Caption, pdf.ContentWidth);
        pdf.EnsureSpace(height + lines.Count * TextStyle.Caption.LineHeight + 6);
        pdf.Paragraph(caption, TextStyle.Caption, spaceAfter: 3);
        pdf.Block(height, (canvas, rect) => figure.Render(canvas, rect), spaceAfter: 14);
    }
}
