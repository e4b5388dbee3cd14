using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Reports.Figures;
using PvpRegistry.Reports.Pdf;

namespace PvpRegistry.Reports.Study;

/// <summary>
/// The report's figures, drawn as vectors on the page: Kaplan-Meier per Table 4 factor (censor marks,
/// 95% CI band, number at risk), VAS over visits, KPS before and after, the Cox forest plot, the prognostic
/// index risk groups and follow-up completeness. Each has its fixed number (<see cref="StudyFigureNumbers"/>);
/// they flow after the text in that order, each kept whole with its caption, and one that cannot be drawn
/// keeps its number with the reason.
/// </summary>
internal static class StudyFigures
{
    private const float FigureFont = 8f;
    private const float KmHeight = 270f;
    private const float MinimumScale = 0.75f;

    public static void AddTo(PdfBuilder pdf, StudyResult result, IReadOnlyList<StudyRecord> cohort, IReadOnlyList<CompletenessBar> completeness, CancellationToken ct)
    {
        pdf.Heading("Figures", TextStyle.H2, keepWithNext: KmHeight + 30);
        foreach (var f in result.Survival)
        {
            ct.ThrowIfCancellationRequested();
            var caption = $"Figure {StudyFigureNumbers.Survival(f.Factor)}. Kaplan-Meier survival by {LowerFirst(f.Label)}" +
                          (f.Excluded > 0 ? $" ({f.Excluded} patients without a value excluded)" : "");
            if (f.Groups.Count == 0) { NotDrawn(pdf, caption, "no patient has a value for this factor."); continue; }
            var figure = KaplanMeierFigure.ForFactor(f);
            Place(pdf, caption + ". Shaded: 95% CI; +: censored; dashed: median; table: number at risk.",
                new KaplanMeierFigure(figure.Series, figure.LogRankP) { FontSize = FigureFont }, KmHeight);
        }
        Place(pdf, $"Figure {StudyFigureNumbers.Vas}. Pain (VAS) by visit and treatment group, mean ± SD of the values present.",
            new VasTrendFigure(result.Vas) { FontSize = FigureFont }, 230);
        Place(pdf, $"Figure {StudyFigureNumbers.Kps}. KPS before surgery and at 1 month by treatment group.",
            new KpsFigure(result.Kps) { FontSize = FigureFont }, 210);
        var forest = $"Figure {StudyFigureNumbers.Forest}. Hazard ratios of the final Cox model (Table 5) with 95% CI, log scale";
        if (result.Cox.FinalModel is { Coefficients.Count: > 0 } fit)
            Place(pdf, forest + ".", new ForestPlotFigure(fit.Coefficients, result.Cox.LabelOf) { FontSize = FigureFont }, 70 + 22 * fit.Coefficients.Count);
        else
            NotDrawn(pdf, forest, "the final Cox model could not be fitted on this cohort (see Exclusions and tests not computed).");
        var risk = $"Figure {StudyFigureNumbers.PrognosticGroups}. Kaplan-Meier survival by prognostic index risk group (tertiles of PI)";
        if (result.Cox.FinalModel is { } model && model.Coefficients.Any(c => !c.Estimable))
            NotDrawn(pdf, risk, "the final Cox model has coefficients that are not estimable on this cohort (Table 5), so its prognostic index does not rank the patients.");
        else if (PrognosticGroups.Tertiles(result, cohort) is { } groups)
            Place(pdf, risk + $"; cut points {Formats.Number(groups.LowerCut, 3)} and {Formats.Number(groups.UpperCut, 3)}, ties to the lower group. +: censored; table: number at risk.",
                new KaplanMeierFigure(groups.Series, groups.LogRank?.P) { FontSize = FigureFont, ShowConfidenceBands = false }, KmHeight);
        else
            NotDrawn(pdf, risk, result.Cox.FinalModel is null
                ? "there is no prognostic index without the final Cox model."
                : "fewer than three patients have a prognostic index.");
        Place(pdf, $"Figure {StudyFigureNumbers.Completeness}. Follow-up completeness by visit (status on the data date).",
            new CompletenessFigure(completeness) { FontSize = FigureFont }, 230);
    }

    /// <summary>"Preoperative KPS" -> "preoperative KPS": only the first letter, so abbreviations stay capitals.</summary>
    private static string LowerFirst(string label) => label.Length == 0 ? label : char.ToLowerInvariant(label[0]) + label[1..];

    /// <summary>
    /// A figure and its caption, kept together on one page, after what precedes it. A figure that misses the rest
    /// of the page by a little is drawn down to <see cref="MinimumScale"/> of its height there rather than leave the space blank.
    /// </summary>
    private static void Place(PdfBuilder pdf, string caption, Figure figure, float height)
    {
        var lines = PdfBuilder.Wrap(caption, TextStyle.Caption, pdf.ContentWidth);
        float captionHeight = lines.Count * TextStyle.Caption.LineHeight + 6;
        float room = pdf.Remaining - captionHeight;
        if (room < height && room >= height * MinimumScale) height = room;
        pdf.EnsureSpace(height + captionHeight);
        pdf.Paragraph(caption, TextStyle.Caption, spaceAfter: 3);
        pdf.Block(height, (canvas, rect) => figure.Render(canvas, rect), spaceAfter: 14);
    }

    /// <summary>A figure that cannot be drawn: its number and caption, and why.</summary>
    private static void NotDrawn(PdfBuilder pdf, string caption, string reason)
    {
        pdf.Paragraph(caption + ".", TextStyle.Caption, spaceAfter: 2);
        pdf.Paragraph("Not drawn: " + reason, TextStyle.Small, spaceAfter: 14);
    }
}
