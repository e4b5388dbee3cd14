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

    /// <param name="statusDay">The day the completeness figure's visit statuses were judged on, said in its caption.</param>
    public static void AddTo(PdfBuilder pdf, StudyResult result, IReadOnlyList<StudyRecord> cohort, IReadOnlyList<CompletenessBar> completeness, DateOnly statusDay, CancellationToken ct)
    {
        var t = pdf.Text;
        pdf.Heading(t["Figures_Heading"], TextStyle.H2, keepWithNext: KmHeight + 30);
        foreach (var f in result.Survival)
        {
            ct.ThrowIfCancellationRequested();
            var factor = t.Factor(f.Factor);
            // Chinese sets a space between a Latin word and a character ("按术前 KPS 分组"); English lowers the first letter.
            var inCaption = t.IsChinese ? (char.IsAsciiLetterOrDigit(factor[^1]) ? factor + " " : factor) : LowerFirst(factor);
            var caption = t.Format("Fig_Km", StudyFigureNumbers.Survival(f.Factor), inCaption) +
                          (f.Excluded > 0 ? t.Format("Fig_KmExcluded", f.Excluded) : "");
            if (f.Groups.Count == 0) { NotDrawn(pdf, caption, t["Fig_KmNoValue"]); continue; }
            var figure = KaplanMeierFigure.ForFactor(f, text: t);
            Place(pdf, caption + t["Fig_KmKey"],
                new KaplanMeierFigure(figure.Series, figure.LogRankP) { FontSize = FigureFont, Text = t }, KmHeight);
        }
        Place(pdf, t.Format("Fig_Vas", StudyFigureNumbers.Vas), new VasTrendFigure(result.Vas, text: t) { FontSize = FigureFont }, 230);
        Place(pdf, t.Format("Fig_Kps", StudyFigureNumbers.Kps), new KpsFigure(result.Kps, text: t) { FontSize = FigureFont }, 210);
        var forest = t.Format("Fig_Forest", StudyFigureNumbers.Forest);
        if (result.Cox.FinalModel is { Coefficients.Count: > 0 } fit)
            Place(pdf, forest + t["Fig_PeriodEnd"], new ForestPlotFigure(fit.Coefficients, t.Covariate) { FontSize = FigureFont, Text = t }, 70 + 22 * fit.Coefficients.Count);
        else
            NotDrawn(pdf, forest, t["Fig_ForestNotFitted"]);
        var risk = t.Format("Fig_Risk", StudyFigureNumbers.PrognosticGroups);
        if (result.Cox.FinalModel is { } model && model.Coefficients.Any(c => !c.Estimable))
            NotDrawn(pdf, risk, t["Fig_RiskNotEstimable"]);
        else if (PrognosticGroups.Tertiles(result, cohort, t) is { } groups)
            Place(pdf, risk + t.Format("Fig_RiskCuts", Formats.Number(groups.LowerCut, 3), Formats.Number(groups.UpperCut, 3)),
                new KaplanMeierFigure(groups.Series, groups.LogRank?.P) { FontSize = FigureFont, ShowConfidenceBands = false, Text = t }, KmHeight);
        else
            NotDrawn(pdf, risk, result.Cox.FinalModel is null ? t["Fig_RiskNoModel"] : t["Fig_RiskTooFew"]);
        Place(pdf, t.Format("Fig_Completeness", StudyFigureNumbers.Completeness, Formats.Date(statusDay)),
            new CompletenessFigure(completeness) { FontSize = FigureFont, Text = t }, 230);
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
        pdf.Paragraph(caption + pdf.Text["Fig_PeriodEnd"], TextStyle.Caption, spaceAfter: 2);
        pdf.Paragraph(pdf.Text.Format("Fig_NotDrawn", reason), TextStyle.Small, spaceAfter: 14);
    }
}
