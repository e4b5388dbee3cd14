using System.Globalization;
using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Reports.Pdf;
using static PvpRegistry.Reports.Formats;

namespace PvpRegistry.Reports.Study;

/// <summary>
/// The PDF study report: title page, Methods, Tables 1-5, the prognostic index and the figures, all from
/// one <see cref="StudyAnalysis.Run"/> of the cohort (the numbers of the dashboards and <c>pvp study</c>).
/// </summary>
public static class StudyReport
{
    public static byte[] Generate(IReadOnlyList<StudyRecord> cohort, StudyReportInfo info,
        IProgress<ReportProgress>? progress = null, CancellationToken ct = default)
    {
        progress?.Report(new(0.05, "Analysing the cohort"));
        var result = StudyAnalysis.Run(cohort);
        ct.ThrowIfCancellationRequested();
        return Generate(result, cohort, info, progress, ct);
    }

    /// <summary>The report of an analysis already run on <paramref name="cohort"/> (the records give the follow-up completeness figure).</summary>
    public static byte[] Generate(StudyResult result, IReadOnlyList<StudyRecord> cohort, StudyReportInfo info, IProgress<ReportProgress>? progress = null, CancellationToken ct = default)
    {
        var pdf = new PdfBuilder
        {
            RunningHeader = $"Study report · n = {result.N} · data {info.AsOfUtc.UtcDateTime:yyyy-MM-dd HH:mm} UTC · SHA-256 {info.Fingerprint[..Math.Min(12, info.Fingerprint.Length)]}"
                            + (info.SyntheticDemo ? " · SYNTHETIC DEMO DATA" : ""),
        };
        progress?.Report(new(0.3, "Writing the tables"));
        TitlePage(pdf, result, info);
        Methods(pdf, result);
        Table1(pdf, result);
        Table2(pdf, result);
        Table3(pdf, result);
        ct.ThrowIfCancellationRequested();
        Table4(pdf, result);
        Table5(pdf, result);
        PrognosticIndex(pdf, result);
        Notes(pdf, result);
        ct.ThrowIfCancellationRequested();
        progress?.Report(new(0.6, "Drawing the figures"));
        StudyFigures.AddTo(pdf, result, cohort, FollowUpCompleteness.Bars(cohort, DateOnly.FromDateTime(info.AsOfUtc.UtcDateTime)), ct);
        progress?.Report(new(0.9, "Writing the PDF"));
        var bytes = pdf.ToPdf(info.Title, $"Study report, n = {result.N}", info.AsOfUtc.UtcDateTime);
        progress?.Report(new(1.0, "Done"));
        return bytes;
    }

    private static string GroupHeader(StudyResult r, string code) =>
        $"{Group(code)} (n = {r.Groups.FirstOrDefault(g => g.Code == code)?.N ?? 0})";

    // ---- Title page ------------------------------------------------------------------------------

    private static void TitlePage(PdfBuilder pdf, StudyResult r, StudyReportInfo info)
    {
        pdf.Space(60);
        pdf.Paragraph("STUDY REPORT", TextStyle.Bold with { Color = new SkiaSharp.SKColor(0x55, 0x55, 0x55) }, spaceAfter: 10);
        pdf.Paragraph(info.Title, TextStyle.H1.WithSize(18), spaceAfter: 18);
        pdf.Paragraph("Baseline characteristics, pain (VAS) and performance (KPS) over follow-up, Kaplan-Meier survival by prognostic factor, and Cox regression, computed from the registry's data with the study's analysis plan.",
            TextStyle.Body.WithSize(10.5f), spaceAfter: 28);

        if (info.SyntheticDemo)
            pdf.Paragraph("SYNTHETIC DEMO DATA - not patients. The numbers below illustrate the report only.",
                TextStyle.Bold with { Color = new SkiaSharp.SKColor(0xB0, 0x00, 0x20) }, spaceAfter: 14);

        var facts = new PdfTable("Cohort and data", [new("Item", 1.3f, CellAlign.Left), new("Value", 3.2f, CellAlign.Left)])
        {
            Style = TextStyle.Body,
        };
        facts.Row("Cohort", "Enrolled, not voided patients with a procedure and a known vital status" + (info.Filter.IsEmpty ? "; no filter" : ""));
        foreach (var f in info.Filter.Describe()) facts.Row("Filter", f);
        facts.Row("Patients analysed", $"n = {r.N} ({string.Join(", ", r.Groups.Select(g => $"{Group(g.Code)} {g.N}"))})");
        facts.Row("Data source", info.Source);
        if (info.OpenQueries is { } open)
            facts.Row("Open data queries", open == 0 ? "none" : $"{open} (values questioned and not yet answered; see the registry's queries page)");
        facts.Row("Data as of", info.AsOfUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC");
        facts.Row("Data fingerprint", $"SHA-256 of the analysed rows as a study CSV (de-identified columns, file order): {info.Fingerprint}");
        facts.Row("Software", $"PvpRegistry {StudyReportInfo.SoftwareVersion}");
        facts.Row("Generated", info.AsOfUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC");
        facts.AddTo(pdf);
        pdf.Paragraph("The fingerprint identifies the exact rows analysed: exporting the same cohort as a study CSV (without identifying columns) and hashing it with SHA-256 gives the same value, and `pvp study --input` on that file prints the numbers of these tables.",
            TextStyle.Note, spaceAfter: 0);
        pdf.NewPage();
    }

    // ---- Methods -----------------------------------------------------------------------------------

    private static void Methods(PdfBuilder pdf, StudyResult r)
    {
        var o = r.Options;
        string level = (o.ConfidenceLevel * 100).ToString("0.#", CultureInfo.InvariantCulture);
        string times = string.Join(", ", o.SurvivalTimesMonths.Select(t => t.ToString("0.##", CultureInfo.InvariantCulture)));
        string conf = o.SurvivalConfidenceType switch
        {
            ConfidenceType.Log => "on the log scale, exp(log S ± z·σ) with the upper limit capped at 1",
            ConfidenceType.LogLog => "on the log-log scale",
            _ => "on the plain scale, clipped to [0, 1]",
        };
        string ties = o.CoxTies == CoxTies.Breslow ? "Breslow's method for tied death times (as SPSS COXREG)" : "Efron's method for tied death times (as R coxph)";
        var rm = r.Vas.RmAnova;

        pdf.Heading("Methods", TextStyle.H2);
        pdf.Paragraph(
            $"Survival time ran from the procedure to death or to the last date known alive (censored), in months of 30.4375 days. " +
            $"Survival was estimated with the Kaplan-Meier method; the variance of the estimate used Greenwood's formula and {level}% confidence limits were computed {conf}. " +
            $"Survival was read at {times} months (the step value at the last event time at or before each time point). " +
            "The median survival is the first time the curve falls to 0.5 or below (when it stays at exactly 0.5, the midpoint to its next drop, or that first time if it never drops again, as R's and SPSS's survival tables print it), with its confidence limits read the same way from the limit curves; a median or limit that the curve does not reach is reported as NR or -. " +
            "Curves were compared with the log-rank test (chi-square with groups - 1 degrees of freedom, equal weights).");
        pdf.Paragraph(
            $"Cox proportional hazards regression used {ties}, fitted by Newton-Raphson with step halving; coefficients are reported with their standard errors, Wald chi-square, p, hazard ratio Exp(B) and its {level}% confidence interval exp(B ± z·SE). " +
            $"The paper's final model (age > 60, primary tumour growth 1-3, involved segments 1-3) was fitted on all patients; a forward stepwise selection (likelihood ratio; entry on the score test at p < {o.StepwiseEntryP.ToString("0.00", CultureInfo.InvariantCulture)}, removal on the likelihood-ratio test at p > {o.StepwiseRemovalP.ToString("0.00", CultureInfo.InvariantCulture)}) was run over the eight factors on the patients complete for all of them. " +
            "The prognostic index is PI = Σ B·x over the final model's covariates.");
        pdf.Paragraph(
            $"Pain (VAS) over time was compared with a repeated-measures analysis of variance with time ({string.Join(", ", r.Vas.RmAnovaVisits.Select(v => Visit(v).ToLowerInvariant()))}) as within-subject factor and treatment group as between-subject factor, on complete cases, " +
            "with Type III sums of squares and orthonormal polynomial contrasts; within-subject tests are reported with the Greenhouse-Geisser and Huynh-Feldt corrections, " +
            (o.HuynhFeldt == HuynhFeldtFormula.Spss1976
                ? "the Huynh-Feldt epsilon by Huynh and Feldt's original (1976) formula as SPSS prints it (Lecoutre's 1991 correction, as in R, given beside it)"
                : "the Huynh-Feldt epsilon by Lecoutre's (1991) correction as R's car prints it (Huynh and Feldt's original 1976 formula, as SPSS, given beside it)") +
            (rm is null ? "." : $" (n = {rm.N}, {rm.Excluded} excluded for an incomplete series).") +
            " KPS before and 1 month after surgery was compared within each group with the paired t-test and between groups with Student's t-test (Welch's t in the footnote). " +
            "Baseline characteristics were compared with Student's t-test (continuous) and Pearson's chi-square test without continuity correction (categorical). " +
            "All tests are two-sided; p-values are given to three decimals, below 0.001 as <0.001.");
        pdf.Paragraph("All statistics were computed by the registry's own engine (PvpRegistry.Core.Statistics), whose results are tested against R's survival package and SPSS-equivalent reference values.",
            TextStyle.Note, spaceAfter: 10);
    }

    // ---- Table 1 -----------------------------------------------------------------------------------

    private static void Table1(PdfBuilder pdf, StudyResult r)
    {
        var codes = r.Groups.Select(g => g.Code).ToArray();
        var table = new PdfTable($"Table 1. Baseline characteristics by treatment group (n = {r.N}).",
            [new("Characteristic", 2.6f, CellAlign.Left), .. codes.Select(c => new TableColumn(GroupHeader(r, c), 1.6f)), new("p", 0.8f)]);
        var b = r.Baseline;
        // Means from the per-group summaries: a group's mean ± SD is there even when the t-test is not (one group filtered out).
        void T(string label, IndependentTTestResult? t, IReadOnlyList<StudyGroupSummary> byGroup, int decimals) =>
            table.Row([label, .. codes.Select(c => MeanSd(byGroup.FirstOrDefault(g => g.Group == c)?.Summary, decimals)), P(t?.Student.P)]);
        void X(string label, StudyCrossTab x)
        {
            table.Group([label, .. codes.Select(_ => ""), P(x.ChiSquare?.P)]);
            var t = x.Table;
            var colTotals = codes.Select(c =>
            {
                int j = IndexOf(t.ColumnLevels, c);
                return j < 0 ? 0 : Enumerable.Range(0, t.RowLevels.Count).Sum(i => t.Counts[i, j]);
            }).ToArray();
            foreach (var level in StudyAnalysis.InClinicalOrder(x.Variable, t.RowLevels, l => l))
            {
                int i = IndexOf(t.RowLevels, level);
                var cells = codes.Select((c, k) =>
                {
                    int j = IndexOf(t.ColumnLevels, c);
                    int count = j < 0 ? 0 : t.Counts[i, j];
                    return CountPercent(count, colTotals[k]);
                });
                table.Indented([BaselineLevel(x.Variable, level), .. cells, ""]);
            }
        }
        T("Age, years (mean ± SD)", b.Age, b.AgeByGroup, KpsDecimals);
        X("Sex, n (%)", b.Sex);
        X("Primary tumour, n (%)", b.PrimaryTumor);
        X("Metastatic site, n (%)", b.MetastaticSite);
        X("Involved segments, n (%)", b.Segments);
        T("VAS before surgery (mean ± SD)", b.VasPreop, b.VasPreopByGroup, VasDecimals);
        T("KPS before surgery (mean ± SD)", b.KpsPreop, b.KpsPreopByGroup, KpsDecimals);
        table.Footnotes.Add("Continuous: Student's t-test; categorical: Pearson's chi-square without continuity correction. Percentages are of the group's patients.");
        var warnings = new[] { b.Sex, b.PrimaryTumor, b.MetastaticSite, b.Segments }.Where(x => x.ChiSquare?.CellsExpectedBelow5 > 0)
            .Select(x => $"{x.Variable.Replace('_', ' ')}: {x.ChiSquare!.CellsExpectedBelow5} cells with expected count below 5").ToArray();
        if (warnings.Length > 0) table.Footnotes.Add("Chi-square approximation may be poor - " + string.Join("; ", warnings) + ".");
        if (b.Sex.Fisher is { } f) table.Footnotes.Add($"Sex: Fisher's exact test {PLabel(f.P)}.");
        var exact = new[] { b.Sex, b.PrimaryTumor, b.MetastaticSite, b.Segments }.Where(x => x.Exact is not null)
            .Select(x => $"{x.Variable.Replace('_', ' ')} {ExactP(x.Exact!)}").ToArray();
        if (exact.Length > 0) table.Footnotes.Add("Fisher-Freeman-Halton: " + string.Join("; ", exact) + ". " + ExactTestFootnote);
        table.AddTo(pdf);
    }

    // ---- Table 2 -----------------------------------------------------------------------------------

    private static void Table2(PdfBuilder pdf, StudyResult r)
    {
        var codes = r.Groups.Select(g => g.Code).ToArray();
        var table = new PdfTable("Table 2. Pain (VAS, 0-10) before and after surgery by treatment group, mean ± SD (n with a value).",
            [new("Visit", 1.6f, CellAlign.Left), .. codes.SelectMany(c => new[] { new TableColumn("n", 0.5f), new TableColumn(Group(c), 1.5f) })]);
        foreach (var v in r.Vas.ByVisit)
        {
            var cells = new List<string> { Visit(v.Visit) };
            foreach (var c in codes)
            {
                var s = v.Groups.FirstOrDefault(g => g.Group == c)?.Summary;
                cells.Add(s is null ? "0" : Count(s.N));
                cells.Add(s is null ? "-" : MeanSd(s, VasDecimals));
            }
            table.Row([.. cells]);
        }
        table.Footnotes.Add("Means of the values present at each visit; patients who died or missed a visit have no value there.");
        table.AddTo(pdf);

        var a = r.Vas.RmAnova;
        var hf = r.Options.HuynhFeldt;
        var anova = new PdfTable("Table 2b. Repeated-measures ANOVA of VAS (within: time, preop to 12 months; between: group).",
            [new("Effect", 1.6f, CellAlign.Left), new("F", 0.8f), new("df", 0.6f), new("df error", 0.8f), new("p", 0.7f), new("p (GG)", 0.9f), new("p (HF)", 0.9f)]);
        if (a is null)
        {
            anova.Row("Not computed", "-", "-", "-", "-", "-", "-");
            anova.Footnotes.Add(r.Notes.FirstOrDefault(n => n.Contains("repeated-measures", StringComparison.OrdinalIgnoreCase)) ?? "The data do not support the test.");
        }
        else
        {
            void E(string label, RmAnovaTest t) => anova.Row(label, Number(t.F, 2), Number(t.Df, 0), Number(t.DfError, 0), P(t.P),
                t.PGreenhouseGeisser is null ? "" : P(t.PGreenhouseGeisser), t.PHuynhFeldtBy(hf) is { } phf ? P(phf) : "");
            E("Group (between subjects)", a.Between);
            E("Time", a.Time);
            E("Group × time", a.Interaction);
            anova.Footnotes.Add($"Complete cases n = {a.N} ({string.Join(", ", a.Groups.Select(g => $"{Group(g.Group)} {g.N}"))}); {RmAnovaExclusion(r.Vas, r.N)} " +
                                $"Type III sums of squares. GG: Greenhouse-Geisser corrected, HF: Huynh-Feldt corrected; Greenhouse-Geisser ε = {Number(a.EpsilonGreenhouseGeisser, 3)}, " +
                                $"Huynh-Feldt ε = {Number(a.EpsilonHuynhFeldtBy(hf), 3)} ({HuynhFeldtName(hf)}; {HuynhFeldtName(OtherHuynhFeldt(hf))}: {Number(a.EpsilonHuynhFeldtBy(OtherHuynhFeldt(hf)), 3)})" +
                                (a.Mauchly is { } m ? $"; Mauchly's W = {Number(m.W, 3)}, {PLabel(m.P)}." : "."));
        }
        anova.AddTo(pdf);
    }

    // ---- Table 3 -----------------------------------------------------------------------------------

    private static void Table3(PdfBuilder pdf, StudyResult r)
    {
        var table = new PdfTable("Table 3. KPS before surgery and 1 month after, mean ± SD (patients with both values).",
            [new("Group", 1.6f, CellAlign.Left), new("n", 0.5f), new("Before surgery", 1.1f), new("1 month", 1.1f), new("Difference", 1.3f), new("t", 0.6f), new("p", 0.7f)]);
        foreach (var k in r.Kps.WithinGroups)
        {
            if (k.Test is not { } t) { table.Row(Group(k.Group), "-", "-", "-", "-", "-", "-"); continue; }
            table.Row(Group(k.Group), Count(t.N), MeanSd(t.Second, KpsDecimals), MeanSd(t.First, KpsDecimals),
                $"{Number(t.MeanDifference, 1)} {Ci(t.Test.CiLower, t.Test.CiUpper, 1)}", Number(t.Test.T, 2), P(t.Test.P));
        }
        if (r.Kps.Between1Month is { } b)
            table.Footnotes.Add($"Between groups at 1 month ({Group(r.Groups[0].Code)} minus {Group(r.Groups[1].Code)}): difference {Number(b.MeanDifference, 1)} {Ci(b.Student.CiLower, b.Student.CiUpper, 1)}, Student's t = {Number(b.Student.T, 2)}, df = {Number(b.Student.Df, 0)}, {PLabel(b.Student.P)} (Welch {PLabel(b.Welch.P)}).");
        if (r.Baseline.KpsPreop is { } pre)
            table.Footnotes.Add($"Between groups before surgery: Student's t = {Number(pre.Student.T, 2)}, {PLabel(pre.Student.P)}.");
        table.Footnotes.Add("Within groups: paired t-test, 1 month minus before surgery, with the 95% CI of the difference.");
        // With the table's notes, so it never stands alone at the top of a page.
        if (r.SpearmanKpsPreopMonths is { } s)
            table.Footnotes.Add($"Preoperative KPS and survival time: Spearman's rho = {Number(s.Rho, 3)}, {PLabel(s.P)} (n = {s.N}).");
        table.AddTo(pdf);
    }

    // ---- Table 4 -----------------------------------------------------------------------------------

    private static void Table4(PdfBuilder pdf, StudyResult r)
    {
        var times = r.Options.SurvivalTimesMonths;
        var table = new PdfTable($"Table 4. Kaplan-Meier survival by factor (n = {r.N}): survival proportion at {string.Join(", ", times.Select(t => t.ToString("0.##", CultureInfo.InvariantCulture)))} months, median survival and log-rank test.",
            [new("Factor / level", 2.0f, CellAlign.Left), new("n", 0.45f), new("Deaths", 0.75f),
             .. times.Select(t => new TableColumn($"{t.ToString("0.##", CultureInfo.InvariantCulture)} mo", 0.6f)),
             new("Median (mo)", 0.8f), new("95% CI", 1.05f), new("χ²", 0.6f), new("p", 0.6f)]);
        foreach (var f in r.Survival)
        {
            var label = f.Excluded > 0 ? $"{f.Label} ({f.Excluded} without a value excluded)" : f.Label;
            table.Group([label, "", "", .. times.Select(_ => ""), "", "", Number(f.LogRank?.ChiSquare, 3), P(f.LogRank?.P)]);
            foreach (var g in f.InClinicalOrder)
            {
                var c = g.Curve;
                table.Indented([FactorLevel(f.Factor, g.Name), Count(c.N), Count(c.Events), .. g.AtTimes.Select(p => Number(p.Survival, 3)),
                    Median(c.Median), MedianCi(c), "", ""]);
            }
        }
        table.Footnotes.Add("Survival proportions are Kaplan-Meier estimates; medians in months. Log-rank chi-square with levels - 1 df.");
        if (r.Survival.Any(f => f.Groups.Any(g => HasNotReached(g.Curve)))) table.Footnotes.Add(NotReachedFootnote);
        table.AddTo(pdf);
    }

    // ---- Table 5 -----------------------------------------------------------------------------------

    private static void Table5(PdfBuilder pdf, StudyResult r)
    {
        var cox = r.Cox;
        CoxTable(pdf, "Table 5. Multivariable Cox regression, the study's final model (Breslow ties).", cox.FinalModel, cox, null, CoxFinalModelExplanation);
        CoxTable(pdf, $"Table 5b. Forward stepwise (likelihood ratio) Cox selection over the eight factors (n = {r.N - cox.StepwiseExcluded}).",
            cox.Stepwise?.Model, cox, cox.Stepwise, CoxStepwiseExplanation);
    }

    private static void CoxTable(PdfBuilder pdf, string caption, CoxFit? fit, StudyCox cox, CoxStepwiseResult? stepwise, string explanation)
    {
        var table = new PdfTable(caption,
            [new("Covariate", 2.1f, CellAlign.Left), new("B", 0.65f), new("SE", 0.65f), new("Wald", 0.7f), new("p", 0.65f), new("Exp(B)", 0.7f), new("95% CI for Exp(B)", 1.3f)]);
        if (fit is null)
        {
            table.Row("Not computed", "-", "-", "-", "-", "-", "-");
        }
        else if (fit.Coefficients.Count == 0)
        {
            table.Row("No covariate entered", "", "", "", "", "", "");
        }
        else
        {
            foreach (var c in fit.Coefficients)
            {
                var cells = CoxCells(c);
                if (c.Estimable) cells[5] = $"{Number(c.HazardRatioLower, 3)}-{Number(c.HazardRatioUpper, 3)}"; // Table 5's own CI style
                table.Row([cox.LabelOf(c.Name), .. cells]);
            }
            if (CoxNotEstimableFootnote(fit, cox.LabelOf) is { } notEstimable) table.Footnotes.Add(notEstimable);
            table.Footnotes.Add("Coding - " + cox.CodingFootnote(fit.Names) + ".");
            var lr = fit.LikelihoodRatio;
            table.Footnotes.Add($"n = {fit.N}, deaths = {fit.Events}; -2 log likelihood {Number(-2 * fit.LogLik, 3)} (null {Number(-2 * fit.LogLikNull, 3)})" +
                                (lr is null ? "." : $"; likelihood-ratio chi-square {Number(lr.ChiSquare, 3)}, df = {lr.Df}, {PLabel(lr.P)}."));
        }
        if (stepwise is not null)
            table.Footnotes.Add("Steps - " + (stepwise.Steps.Count == 0 ? "none" : string.Join("; ", stepwise.Steps.Select(s =>
                $"{s.Number}: {(s.Action == CoxStepAction.Entered ? "entered" : "removed")} {cox.LabelOf(s.Covariate)} (chi-square {Number(s.ChiSquare, 3)}, {PLabel(s.P)})"))) + ".");
        table.Footnotes.Add(explanation);
        table.AddTo(pdf);
    }

    private static void PrognosticIndex(PdfBuilder pdf, StudyResult r)
    {
        var fit = r.Cox.FinalModel;
        if (fit is null || fit.Coefficients.Count == 0) return;
        pdf.Heading("Prognostic index", TextStyle.H2, keepWithNext: 60);
        // A coefficient not estimated (singular, R's NA) counts as 0, as in the index itself (R's predict).
        var terms = fit.Coefficients.Select(c => c.Singular ? 0 : c.B).Select((b, i) => (i == 0 ? Number(b, 3) : (b < 0 ? "- " + Number(-b, 3) : "+ " + Number(b, 3))) + " × [" + r.Cox.LabelOf(fit.Coefficients[i].Name) + "]");
        pdf.Paragraph("PI = " + string.Join(" ", terms), TextStyle.Bold.WithSize(10.5f), spaceAfter: 4);
        pdf.Paragraph("with " + r.Cox.CodingFootnote(fit.Names) + ", from the final model of Table 5 (the pre-specified model, not the stepwise selection). A larger PI means a worse prognosis.", TextStyle.Body, spaceAfter: 4);
        var values = r.Cox.PrognosticIndex.Select(p => p.Value).OrderBy(v => v).ToArray();
        if (values.Length > 0)
        {
            double Q(double q) => values[(int)Math.Round(q * (values.Length - 1))];
            pdf.Paragraph($"In this cohort PI ranged from {Number(values[0], 3)} to {Number(values[^1], 3)} (median {Number(Q(0.5), 3)}, quartiles {Number(Q(0.25), 3)} and {Number(Q(0.75), 3)}; n = {values.Length}).", TextStyle.Body, spaceAfter: 10);
        }
    }

    private static void Notes(PdfBuilder pdf, StudyResult r)
    {
        if (r.Notes.Count == 0) return;
        pdf.Heading("Exclusions and tests not computed", TextStyle.H2, keepWithNext: 30);
        foreach (var note in r.Notes) pdf.Paragraph("• " + note, TextStyle.Small, spaceAfter: 1.5f);
        pdf.Space(6);
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }
}
