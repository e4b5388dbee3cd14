using System.Globalization;
using PvpRegistry.Core;
using PvpRegistry.Reports.Figures;
using PvpRegistry.Reports.Localization;
using PvpRegistry.Reports.Pdf;
using static PvpRegistry.Reports.Formats;

namespace PvpRegistry.Reports.Patients;

/// <summary>
/// One patient's summary PDF: baseline, procedure, the VAS and KPS charts over the visits and the visit
/// table with each visit's status on the given day. Identified by study ID only (no name or MRN).
/// </summary>
public static class PatientSummaryReport
{
    /// <summary>
    /// The summary PDF. With <paramref name="storedVisits"/> (the registry's visits) each visit's window and missed mark
    /// are the stored ones, read through <see cref="VisitStatusRules"/> like the screens; without them (a study CSV row)
    /// the windows are the schedule's for the procedure date. <paramref name="language"/> sets the words (English by default).
    /// </summary>
    public static byte[] Generate(StudyRecord patient, DateOnly today, bool syntheticDemo = false, FollowUpSchedule? schedule = null, DateTime? generatedAtUtc = null,
        IReadOnlyList<FollowUpVisit>? storedVisits = null, IReadOnlyList<TreatedLevel>? treatedLevels = null, ReportText? language = null)
    {
        var t = language ?? ReportText.English;
        var s = schedule ?? FollowUpSchedule.Default;
        var inv = CultureInfo.InvariantCulture;
        var pdf = new PdfBuilder(t) { RunningHeader = t.Format("Summary_RunningHeader", patient.StudyId) + (syntheticDemo ? t["Study_SyntheticMark"] : "") };
        pdf.Paragraph(t["Summary_Kicker"], TextStyle.Bold with { Color = new SkiaSharp.SKColor(0x55, 0x55, 0x55) }, spaceAfter: 4);
        pdf.Paragraph(patient.StudyId, TextStyle.H1, spaceAfter: 4);
        pdf.Paragraph(t.Format("Summary_Printed", Date(today)) + (syntheticDemo ? t["Summary_SyntheticNotPatient"] : ""), TextStyle.Small, spaceAfter: 10);

        var baseline = new PdfTable(t["Summary_Baseline"], [new(t["Facts_Item"], 1.4f, CellAlign.Left), new(t["Facts_Value"], 3f, CellAlign.Left)]) { Style = TextStyle.Body };
        baseline.Row(t["Summary_TreatmentGroup"], t.Group(patient.Group));
        baseline.Row(t["Summary_SexAge"], t.Format("Summary_SexAgeValue", t.Sex(patient.Sex), patient.Age));
        baseline.Row(t["Summary_PrimaryTumor"], t.Format("Summary_TumorValue", t.Tumor(patient.PrimaryTumor), t.Growth(patient.PrimaryGrowth)));
        baseline.Row(t["Summary_Metastasis"], t.Format("Summary_MetastasisValue", t.Site(patient.MetastaticSite), patient.Segments, t[patient.VisceralMetastasis ? "Yes" : "No"]));
        baseline.Row(t["Summary_Procedure"], Date(patient.ProcedureDate) +
                                  (patient.Group == TreatmentGroup.PvpI125 ? t.Format("Summary_Seeds", patient.Seeds) + (patient.SeedActivityMci is { } a ? t.Format("Summary_SeedActivity", a.ToString("0.0##", inv)) : "") : ""));
        // A study CSV row has no levels: only its total cement.
        baseline.Row(t["Summary_TreatedLevels"], treatedLevels is null ? t.Format("Summary_NotInCsv", Cement(patient.CementMl)) : TreatedLevels(t, treatedLevels, patient.CementMl));
        var months = patient.Survival.Days / SurvivalTime.DaysPerMonth;
        baseline.Row(t["Summary_VitalStatus"], patient.Dead
            ? t.Format("Summary_Died", Date(patient.StatusDate), Number(months, 1))
            : t.Format("Summary_Alive", Date(patient.StatusDate), Number(months, 1)));
        baseline.AddTo(pdf);

        var visits = s.Visits.Select(v => v.Code).ToArray();
        var categories = visits.Select(t.Visit).ToArray();
        MeanPoint[] Points(Func<VisitCode, double?> value) => visits.Select((v, i) => (v, i, x: value(v)))
            .Where(p => p.x is not null).Select(p => new MeanPoint(p.i, p.x!.Value, null, 1)).ToArray();
        var vas = new MeansFigure(categories, [new MeanSeries("VAS", Points(v => (double?)patient.Vas[(int)v]))])
        { FontSize = 8, YMin = 0, YMax = 10, YStep = 2, YTitle = "VAS (0-10)", Text = t, LabelDecimals = 1 };
        var kps = new MeansFigure(categories, [new MeanSeries("KPS", Points(v => patient.Kps[(int)v]))])
        { FontSize = 8, YMin = 0, YMax = 100, YStep = 20, YTitle = "KPS", Text = t, LabelDecimals = 0 };
        pdf.Paragraph(t["Summary_Scores"], TextStyle.Caption, spaceAfter: 3);
        // One chart per row: seven visit labels need the full width to stay apart. Low enough that the visit table
        // stays on the first page: a summary is one sheet.
        pdf.Block(120, (canvas, rect) => vas.Render(canvas, rect), spaceAfter: 6);
        pdf.Block(120, (canvas, rect) => kps.Render(canvas, rect), spaceAfter: 10);

        var table = new PdfTable(t["Summary_Visits"], [new(t["Visit"], 1f, CellAlign.Left), new(t["Summary_Window"], 2f, CellAlign.Left), new(t["Summary_Assessed"], 1.1f, CellAlign.Left),
            new("VAS", 0.6f), new("KPS", 0.6f), new(t["Summary_Status"], 1.2f, CellAlign.Left)]);
        FollowUpClosure? closure = patient.Dead ? new FollowUpClosure(patient.StatusDate, MissedReason.Died) : null;
        bool anyOutOfWindow = false;
        foreach (var v in s.Visits)
        {
            var stored = storedVisits?.FirstOrDefault(x => x.Code == v.Code);
            var w = stored?.Window ?? s.WindowFor(v.Code, patient.ProcedureDate);
            int i = (int)v.Code;
            bool has = patient.Vas[i] is not null || patient.Kps[i] is not null;
            var status = VisitStatusRules.StatusOn(w, has, stored?.MissedReason, closure, today);
            var assessedOn = patient.ScoreDates[i] ?? w.Target;
            bool outOfWindow = has && VisitStatusRules.IsOutOfWindow(w, assessedOn);
            if (outOfWindow) anyOutOfWindow = true;
            var assessed = !has ? "" : Date(assessedOn) + (outOfWindow ? " *" : "");
            table.Row(t.Visit(v.Code), t.Format("Summary_WindowRange", Date(w.Start), Date(w.End)), assessed,
                Vas(patient.Vas[i]), patient.Kps[i]?.ToString(inv) ?? "-",
                t.Status(status.Status) + (status.Reason is { } r ? (t.IsChinese ? $"（{t.Missed(r)}）" : $" ({t.Missed(r)})") : ""));
        }
        if (anyOutOfWindow) table.Footnotes.Add(t["Summary_OutOfWindow"]);
        table.Footnotes.Add(t["Summary_StatusNote"]);
        table.AddTo(pdf);
        return pdf.ToPdf(t.Format("Summary_Title", patient.StudyId), t["Summary_Subject"], generatedAtUtc ?? today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
    }

    /// <summary><see cref="Formats.TreatedLevels"/> in the report's language (English: exactly Formats' text).</summary>
    private static string TreatedLevels(ReportText t, IReadOnlyList<TreatedLevel> levels, decimal totalCementMl)
    {
        if (!t.IsChinese) return Formats.TreatedLevels(levels, totalCementMl);
        if (levels.Count == 0) return t.Format("Summary_NoLevels", Cement(totalCementMl));
        var each = levels.OrderBy(l => l.Level).Select(l => l.CementMl is { } ml ? $"{l.Level} {Cement(ml)}" : t.Format("Summary_LevelNoCement", l.Level));
        return t.Format("Summary_LevelsTotal", t.List(each), Cement(totalCementMl));
    }
}
