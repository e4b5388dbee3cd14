using System.Globalization;
using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Reports.Localization;
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
        progress?.Report(new(0.05, info.Text["Progress_Analysing"]));
        var result = StudyAnalysis.Run(cohort);
        ct.ThrowIfCancellationRequested();
        return Generate(result, cohort, info, progress, ct);
    }

    /// <summary>The report of an analysis already run on <paramref name="cohort"/> (the records give the follow-up completeness figure).</summary>
    public static byte[] Generate(StudyResult result, IReadOnlyList<StudyRecord> cohort, StudyReportInfo info, IProgress<ReportProgress>? progress = null, CancellationToken ct = default)
    {
        var t = info.Text;
        var pdf = new PdfBuilder(t)
        {
            RunningHeader = t.Format("Study_RunningHeader", result.N, ReportText.UtcTime(info.AsOfUtc, seconds: false), info.Fingerprint[..Math.Min(12, info.Fingerprint.Length)])
                            + (info.SyntheticDemo ? t["Study_SyntheticMark"] : ""),
        };
        progress?.Report(new(0.3, t["Progress_Tables"]));
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
        progress?.Report(new(0.6, t["Progress_Figures"]));
        StudyFigures.AddTo(pdf, result, cohort, FollowUpCompleteness.Bars(cohort, info.Day, text: t), info.Day, ct);
        progress?.Report(new(0.9, t["Progress_Pdf"]));
        var bytes = pdf.ToPdf(info.LocalTitle, t.Format("Study_Subject", result.N), info.AsOfUtc.UtcDateTime);
        progress?.Report(new(1.0, t["Progress_Done"]));
        return bytes;
    }

    private static string GroupHeader(ReportText t, StudyResult r, string code) =>
        t.Format("GroupHeader", t.Group(code), r.Groups.FirstOrDefault(g => g.Code == code)?.N ?? 0);

    // ---- Title page ------------------------------------------------------------------------------

    private static void TitlePage(PdfBuilder pdf, StudyResult r, StudyReportInfo info)
    {
        var t = pdf.Text;
        pdf.Space(60);
        pdf.Paragraph(t["Title_Kicker"], TextStyle.Bold with { Color = new SkiaSharp.SKColor(0x55, 0x55, 0x55) }, spaceAfter: 10);
        pdf.Paragraph(info.LocalTitle, TextStyle.H1.WithSize(18), spaceAfter: 18);
        pdf.Paragraph(t["Title_Summary"], TextStyle.Body.WithSize(10.5f), spaceAfter: 28);

        if (info.SyntheticDemo)
            pdf.Paragraph(t["Title_Synthetic"], TextStyle.Bold with { Color = new SkiaSharp.SKColor(0xB0, 0x00, 0x20) }, spaceAfter: 14);

        var facts = new PdfTable(t["Facts_Caption"], [new(t["Facts_Item"], 1.3f, CellAlign.Left), new(t["Facts_Value"], 3.2f, CellAlign.Left)])
        {
            Style = TextStyle.Body,
        };
        facts.Row(t["Facts_Cohort"], t["Facts_CohortText"] + (info.Filter.IsEmpty ? t["Facts_NoFilter"] : ""));
        foreach (var f in info.Filter.Describe(t)) facts.Row(t["Facts_Filter"], f);
        facts.Row(t["Facts_Patients"], $"n = {r.N} ({t.List(r.Groups.Select(g => $"{t.Group(g.Code)} {g.N}"))})");
        facts.Row(t["Facts_Source"], info.Source);
        if (info.OpenQueries is { } open)
            facts.Row(t["Facts_OpenQueries"], open == 0 ? t["Facts_None"] : t.Format("Facts_OpenQueriesCount", open));
        facts.Row(t["Facts_AsOf"], ReportText.UtcTime(info.AsOfUtc));
        facts.Row(t["Facts_Fingerprint"], t.Format("Facts_FingerprintValue", info.Fingerprint));
        facts.Row(t["Facts_Software"], $"PvpRegistry {StudyReportInfo.SoftwareVersion}");
        facts.Row(t["Facts_Generated"], ReportText.UtcTime(info.AsOfUtc));
        facts.AddTo(pdf);
        pdf.Paragraph(t["Title_FingerprintNote"], TextStyle.Note, spaceAfter: 0);
        pdf.NewPage();
    }

    // ---- Methods -----------------------------------------------------------------------------------

    private static void Methods(PdfBuilder pdf, StudyResult r)
    {
        var t = pdf.Text;
        var o = r.Options;
        string level = (o.ConfidenceLevel * 100).ToString("0.#", CultureInfo.InvariantCulture);
        string times = t.List(o.SurvivalTimesMonths.Select(m => m.ToString("0.##", CultureInfo.InvariantCulture)));
        string conf = t[o.SurvivalConfidenceType switch
        {
            ConfidenceType.Log => "Methods_ConfLog",
            ConfidenceType.LogLog => "Methods_ConfLogLog",
            _ => "Methods_ConfPlain",
        }];
        string ties = t[o.CoxTies == CoxTies.Breslow ? "Methods_TiesBreslow" : "Methods_TiesEfron"];
        var rm = r.Vas.RmAnova;

        pdf.Heading(t["Methods_Heading"], TextStyle.H2);
        pdf.Paragraph(t.Format("Methods_Survival", level, conf, times));
        pdf.Paragraph(t.Format("Methods_Cox", ties, level, o.StepwiseEntryP.ToString("0.00", CultureInfo.InvariantCulture), o.StepwiseRemovalP.ToString("0.00", CultureInfo.InvariantCulture)));
        pdf.Paragraph(
            t.Format("Methods_Vas", t.List(r.Vas.RmAnovaVisits.Select(v => t.IsChinese ? t.Visit(v) : t.Visit(v).ToLowerInvariant())),
                t[o.HuynhFeldt == HuynhFeldtFormula.Spss1976 ? "Methods_HfSpss" : "Methods_HfLecoutre"]) +
            (rm is null ? t["Methods_Period"] : t.Format("Methods_VasComplete", rm.N, rm.Excluded)) +
            t["Methods_Tests"]);
        pdf.Paragraph(t["Methods_Engine"], TextStyle.Note, spaceAfter: 10);
    }

    // ---- Table 1 -----------------------------------------------------------------------------------

    private static void Table1(PdfBuilder pdf, StudyResult r)
    {
        var t = pdf.Text;
        var codes = r.Groups.Select(g => g.Code).ToArray();
        var table = new PdfTable(t.Format("T1_Caption", r.N),
            [new(t["T1_Characteristic"], 2.6f, CellAlign.Left), .. codes.Select(c => new TableColumn(GroupHeader(t, r, c), 1.6f)), new(t["P"], 0.8f)]);
        var b = r.Baseline;
        // Means from the per-group summaries: a group's mean ± SD is there even when the t-test is not (one group filtered out).
        void T(string label, IndependentTTestResult? t, IReadOnlyList<StudyGroupSummary> byGroup, int decimals) =>
            table.Row([label, .. codes.Select(c => MeanSd(byGroup.FirstOrDefault(g => g.Group == c)?.Summary, decimals)), P(t?.Student.P)]);
        void X(string label, StudyCrossTab x)
        {
            table.Group([label, .. codes.Select(_ => ""), P(x.ChiSquare?.P)]);
            var crossTab = x.Table;
            var colTotals = codes.Select(c =>
            {
                int j = IndexOf(crossTab.ColumnLevels, c);
                return j < 0 ? 0 : Enumerable.Range(0, crossTab.RowLevels.Count).Sum(i => crossTab.Counts[i, j]);
            }).ToArray();
            foreach (var level in StudyAnalysis.InClinicalOrder(x.Variable, crossTab.RowLevels, l => l))
            {
                int i = IndexOf(crossTab.RowLevels, level);
                var cells = codes.Select((c, k) =>
                {
                    int j = IndexOf(crossTab.ColumnLevels, c);
                    int count = j < 0 ? 0 : crossTab.Counts[i, j];
                    return CountPercent(count, colTotals[k]);
                });
                table.Indented([t.BaselineLevel(x.Variable, level), .. cells, ""]);
            }
        }
        T(t["T1_Age"], b.Age, b.AgeByGroup, KpsDecimals);
        X(t["T1_Sex"], b.Sex);
        X(t["T1_Tumor"], b.PrimaryTumor);
        X(t["T1_Site"], b.MetastaticSite);
        X(t["T1_Segments"], b.Segments);
        T(t["T1_Vas"], b.VasPreop, b.VasPreopByGroup, VasDecimals);
        T(t["T1_Kps"], b.KpsPreop, b.KpsPreopByGroup, KpsDecimals);
        table.Footnotes.Add(t["T1_Note"]);
        var warnings = new[] { b.Sex, b.PrimaryTumor, b.MetastaticSite, b.Segments }.Where(x => x.ChiSquare?.CellsExpectedBelow5 > 0)
            .Select(x => t.Format("T1_ExpectedBelow5", t.Variable(x.Variable), x.ChiSquare!.CellsExpectedBelow5)).ToArray();
        if (warnings.Length > 0) table.Footnotes.Add(t.Format("T1_ChiPoor", string.Join(t["CodingSeparator"], warnings)));
        if (b.Sex.Fisher is { } f) table.Footnotes.Add(t.Format("T1_Fisher", t.PLabel(f.P)));
        var exact = new[] { b.Sex, b.PrimaryTumor, b.MetastaticSite, b.Segments }.Where(x => x.Exact is not null)
            .Select(x => t.Format("T1_ExactItem", t.Variable(x.Variable), t.ExactP(x.Exact!))).ToArray();
        if (exact.Length > 0) table.Footnotes.Add(t.Format("T1_Exact", string.Join(t["CodingSeparator"], exact)) + t["ExactTestFootnote"]);
        table.AddTo(pdf);
    }

    // ---- Table 2 -----------------------------------------------------------------------------------

    private static void Table2(PdfBuilder pdf, StudyResult r)
    {
        var t = pdf.Text;
        var codes = r.Groups.Select(g => g.Code).ToArray();
        var table = new PdfTable(t["T2_Caption"],
            [new(t["Visit"], 1.6f, CellAlign.Left), .. codes.SelectMany(c => new[] { new TableColumn("n", 0.5f), new TableColumn(t.Group(c), 1.5f) })]);
        foreach (var v in r.Vas.ByVisit)
        {
            var cells = new List<string> { t.Visit(v.Visit) };
            foreach (var c in codes)
            {
                var s = v.Groups.FirstOrDefault(g => g.Group == c)?.Summary;
                cells.Add(s is null ? "0" : Count(s.N));
                cells.Add(s is null ? "-" : MeanSd(s, VasDecimals));
            }
            table.Row([.. cells]);
        }
        table.Footnotes.Add(t["T2_Note"]);
        table.AddTo(pdf);

        var a = r.Vas.RmAnova;
        var hf = r.Options.HuynhFeldt;
        var anova = new PdfTable(t["T2b_Caption"],
            [new(t["T2b_Effect"], 1.6f, CellAlign.Left), new("F", 0.8f), new("df", 0.6f), new(t["T2b_DfError"], 0.8f), new(t["P"], 0.7f), new(t["T2b_PGg"], 0.9f), new(t["T2b_PHf"], 0.9f)]);
        if (a is null)
        {
            anova.Row(t["NotComputed"], "-", "-", "-", "-", "-", "-");
            anova.Footnotes.Add(r.Notes.FirstOrDefault(n => n.Args is ["rm_anova", ..]) is { } why ? t.Note(why) : t["T2b_NoTest"]);
        }
        else
        {
            void E(string label, RmAnovaTest e) => anova.Row(label, Number(e.F, 2), Number(e.Df, 0), Number(e.DfError, 0), P(e.P),
                e.PGreenhouseGeisser is null ? "" : P(e.PGreenhouseGeisser), e.PHuynhFeldtBy(hf) is { } phf ? P(phf) : "");
            E(t["T2b_Between"], a.Between);
            E(t["T2b_Time"], a.Time);
            E(t["T2b_Interaction"], a.Interaction);
            var exclusion = t.RmAnovaExclusion(r.Vas, r.N);
            anova.Footnotes.Add(t.Format("T2b_Note", a.N, t.List(a.Groups.Select(g => $"{t.Group(g.Group)} {g.N}")), exclusion,
                                    Number(a.EpsilonGreenhouseGeisser, 3), Number(a.EpsilonHuynhFeldtBy(hf), 3), t.HuynhFeldtName(hf),
                                    t.HuynhFeldtName(OtherHuynhFeldt(hf)), Number(a.EpsilonHuynhFeldtBy(OtherHuynhFeldt(hf)), 3)) +
                                (a.Mauchly is { } m ? t.Format("T2b_Mauchly", Number(m.W, 3), t.PLabel(m.P)) : t["Methods_Period"]));
        }
        anova.AddTo(pdf);
    }

    // ---- Table 3 -----------------------------------------------------------------------------------

    private static void Table3(PdfBuilder pdf, StudyResult r)
    {
        var t = pdf.Text;
        var table = new PdfTable(t["T3_Caption"],
            [new(t["Group"], 1.6f, CellAlign.Left), new("n", 0.5f), new(t.Visit(VisitCode.Preop), 1.1f), new(t.Visit(VisitCode.Month1), 1.1f), new(t["Difference"], 1.3f), new("t", 0.6f), new(t["P"], 0.7f)]);
        foreach (var k in r.Kps.WithinGroups)
        {
            if (k.Test is not { } test) { table.Row(t.Group(k.Group), "-", "-", "-", "-", "-", "-"); continue; }
            table.Row(t.Group(k.Group), Count(test.N), MeanSd(test.Second, KpsDecimals), MeanSd(test.First, KpsDecimals),
                $"{Number(test.MeanDifference, 1)} {Ci(test.Test.CiLower, test.Test.CiUpper, 1)}", Number(test.Test.T, 2), P(test.Test.P));
        }
        if (r.Kps.Between1Month is { } b)
            table.Footnotes.Add(t.Format("T3_Between", t.Group(r.Groups[0].Code), t.Group(r.Groups[1].Code), Number(b.MeanDifference, 1), Ci(b.Student.CiLower, b.Student.CiUpper, 1),
                Number(b.Student.T, 2), Number(b.Student.Df, 0), t.PLabel(b.Student.P), t.PLabel(b.Welch.P)));
        if (r.Baseline.KpsPreop is { } pre)
            table.Footnotes.Add(t.Format("T3_BetweenPreop", Number(pre.Student.T, 2), t.PLabel(pre.Student.P)));
        table.Footnotes.Add(t["T3_Within"]);
        // With the table's notes, so it never stands alone at the top of a page.
        if (r.SpearmanKpsPreopMonths is { } s)
            table.Footnotes.Add(t.Format("T3_Spearman", Number(s.Rho, 3), t.PLabel(s.P), s.N));
        table.AddTo(pdf);
    }

    // ---- Table 4 -----------------------------------------------------------------------------------

    private static void Table4(PdfBuilder pdf, StudyResult r)
    {
        var t = pdf.Text;
        var times = r.Options.SurvivalTimesMonths;
        var table = new PdfTable(t.Format("T4_Caption", r.N, t.List(times.Select(m => m.ToString("0.##", CultureInfo.InvariantCulture)))),
            [new(t["T4_FactorLevel"], 2.0f, CellAlign.Left), new("n", 0.45f), new(t["T4_Deaths"], 0.75f),
             .. times.Select(m => new TableColumn(t.Format("T4_Months", m.ToString("0.##", CultureInfo.InvariantCulture)), 0.6f, WholeHeader: true)),
             new(t["T4_Median"], 0.8f), new(t["Ci95"], 1.05f), new("χ²", 0.6f), new(t["P"], 0.6f)]);
        foreach (var f in r.Survival)
        {
            var label = f.Excluded > 0 ? t.Format("T4_Excluded", t.Factor(f.Factor), f.Excluded) : t.Factor(f.Factor);
            table.Group([label, "", "", .. times.Select(_ => ""), "", "", Number(f.LogRank?.ChiSquare, 3), P(f.LogRank?.P)]);
            foreach (var g in f.InClinicalOrder)
            {
                var c = g.Curve;
                table.Indented([t.FactorLevel(f.Factor, g.Name), Count(c.N), Count(c.Events), .. g.AtTimes.Select(p => Number(p.Survival, 3)),
                    Median(c.Median), MedianCi(c), "", ""]);
            }
        }
        table.Footnotes.Add(t["T4_Note"]);
        if (r.Survival.Any(f => f.Groups.Any(g => HasNotReached(g.Curve)))) table.Footnotes.Add(t["NotReachedFootnote"]);
        table.AddTo(pdf);
    }

    // ---- Table 5 -----------------------------------------------------------------------------------

    private static void Table5(PdfBuilder pdf, StudyResult r)
    {
        var t = pdf.Text;
        var cox = r.Cox;
        CoxTable(pdf, t["T5_Caption"], cox.FinalModel, null, t["CoxFinalModelExplanation"]);
        CoxTable(pdf, t.Format("T5b_Caption", r.N - cox.StepwiseExcluded), cox.Stepwise?.Model, cox.Stepwise, t["CoxStepwiseExplanation"]);
    }

    private static void CoxTable(PdfBuilder pdf, string caption, CoxFit? fit, CoxStepwiseResult? stepwise, string explanation)
    {
        var t = pdf.Text;
        var table = new PdfTable(caption,
            [new(t["T5_Covariate"], 2.1f, CellAlign.Left), new("B", 0.65f), new("SE", 0.65f), new("Wald", 0.7f), new(t["P"], 0.65f), new("Exp(B)", 0.7f), new(t["T5_HrCi"], 1.3f)]);
        if (fit is null)
        {
            table.Row(t["NotComputed"], "-", "-", "-", "-", "-", "-");
        }
        else if (fit.Coefficients.Count == 0)
        {
            table.Row(t["T5_NoCovariate"], "", "", "", "", "", "");
        }
        else
        {
            foreach (var c in fit.Coefficients)
            {
                var cells = t.CoxCells(c);
                if (c.Estimable) cells[5] = $"{Number(c.HazardRatioLower, 3)}-{Number(c.HazardRatioUpper, 3)}"; // Table 5's own CI style
                table.Row([t.Covariate(c.Name), .. cells]);
            }
            if (t.CoxNotEstimableFootnote(fit) is { } notEstimable) table.Footnotes.Add(notEstimable);
            table.Footnotes.Add(t.Format("T5_Coding", t.CodingFootnote(fit.Names)));
            var lr = fit.LikelihoodRatio;
            table.Footnotes.Add(t.Format("T5_Fit", fit.N, fit.Events, Number(-2 * fit.LogLik, 3), Number(-2 * fit.LogLikNull, 3)) +
                                (lr is null ? t["Methods_Period"] : t.Format("T5_LikelihoodRatio", Number(lr.ChiSquare, 3), lr.Df, t.PLabel(lr.P))));
        }
        if (stepwise is not null)
            table.Footnotes.Add(t.Format("T5_Steps", stepwise.Steps.Count == 0 ? t["Facts_None"] : string.Join(t["CodingSeparator"], stepwise.Steps.Select(s =>
                t.Format(s.Action == CoxStepAction.Entered ? "T5_Entered" : "T5_Removed", s.Number, t.Covariate(s.Covariate), Number(s.ChiSquare, 3), t.PLabel(s.P))))));
        table.Footnotes.Add(explanation);
        table.AddTo(pdf);
    }

    private static void PrognosticIndex(PdfBuilder pdf, StudyResult r)
    {
        var fit = r.Cox.FinalModel;
        if (fit is null || fit.Coefficients.Count == 0) return;
        var t = pdf.Text;
        pdf.Heading(t["PI_Heading"], TextStyle.H2, keepWithNext: 60);
        // A coefficient not estimated (singular, R's NA) counts as 0, as in the index itself (R's predict).
        var terms = fit.Coefficients.Select(c => c.Singular ? 0 : c.B).Select((b, i) => (i == 0 ? Number(b, 3) : (b < 0 ? "- " + Number(-b, 3) : "+ " + Number(b, 3))) + " × [" + t.Covariate(fit.Coefficients[i].Name) + "]");
        pdf.Paragraph("PI = " + string.Join(" ", terms), TextStyle.Bold.WithSize(10.5f), spaceAfter: 4);
        pdf.Paragraph(t.Format("PI_With", t.CodingFootnote(fit.Names)), TextStyle.Body, spaceAfter: 4);
        var values = r.Cox.PrognosticIndex.Select(p => p.Value).OrderBy(v => v).ToArray();
        if (values.Length > 0)
        {
            double Q(double q) => values[(int)Math.Round(q * (values.Length - 1))];
            pdf.Paragraph(t.Format("PI_Range", Number(values[0], 3), Number(values[^1], 3), Number(Q(0.5), 3), Number(Q(0.25), 3), Number(Q(0.75), 3), values.Length), TextStyle.Body, spaceAfter: 10);
        }
    }

    private static void Notes(PdfBuilder pdf, StudyResult r)
    {
        if (r.Notes.Count == 0) return;
        pdf.Heading(pdf.Text["Notes_Heading"], TextStyle.H2, keepWithNext: 30);
        // Each note by its code in the report's language (the engine's own English sentence in an English report).
        foreach (var note in r.Notes) pdf.Paragraph("• " + pdf.Text.Note(note), TextStyle.Small, spaceAfter: 1.5f);
        pdf.Space(6);
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }
}
