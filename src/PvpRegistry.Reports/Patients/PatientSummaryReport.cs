using System.Globalization;
using PvpRegistry.Core;
using PvpRegistry.Reports.Figures;
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
    /// the windows are the schedule's for the procedure date.
    /// </summary>
    public static byte[] Generate(StudyRecord patient, DateOnly today, bool syntheticDemo = false, FollowUpSchedule? schedule = null, DateTime? generatedAtUtc = null,
        IReadOnlyList<FollowUpVisit>? storedVisits = null, IReadOnlyList<TreatedLevel>? treatedLevels = null)
    {
        var s = schedule ?? FollowUpSchedule.Default;
        var inv = CultureInfo.InvariantCulture;
        var pdf = new PdfBuilder { RunningHeader = $"Patient summary · {patient.StudyId}" + (syntheticDemo ? " · SYNTHETIC DEMO DATA" : "") };
        pdf.Paragraph("PATIENT SUMMARY", TextStyle.Bold with { Color = new SkiaSharp.SKColor(0x55, 0x55, 0x55) }, spaceAfter: 4);
        pdf.Paragraph(patient.StudyId, TextStyle.H1, spaceAfter: 4);
        pdf.Paragraph($"Printed {Date(today)}" + (syntheticDemo ? " · SYNTHETIC DEMO DATA - not a patient" : ""), TextStyle.Small, spaceAfter: 10);

        var baseline = new PdfTable("Baseline and procedure", [new("Item", 1.4f, CellAlign.Left), new("Value", 3f, CellAlign.Left)]) { Style = TextStyle.Body };
        baseline.Row("Treatment group", Group(patient.Group));
        baseline.Row("Sex, age at procedure", $"{Capitalise(patient.Sex.Code())}, {patient.Age} years");
        baseline.Row("Primary tumour", $"{Capitalise(patient.PrimaryTumor.Code())} ({patient.PrimaryGrowth.Code()} growth)");
        baseline.Row("Metastasis", $"{Capitalise(patient.MetastaticSite.Code())}, {patient.Segments} segment(s); visceral metastasis {(patient.VisceralMetastasis ? "yes" : "no")}");
        baseline.Row("Procedure", Date(patient.ProcedureDate) +
                                  (patient.Group == TreatmentGroup.PvpI125 ? $", {patient.Seeds} ¹²⁵I seeds" + (patient.SeedActivityMci is { } a ? $" of {a.ToString("0.0##", inv)} mCi" : "") : ""));
        // A study CSV row has no levels: only its total cement.
        baseline.Row("Treated levels", treatedLevels is null ? $"not in a study CSV; cement {Cement(patient.CementMl)}" : TreatedLevels(treatedLevels, patient.CementMl));
        var months = patient.Survival.Days / SurvivalTime.DaysPerMonth;
        baseline.Row("Vital status", patient.Dead
            ? $"Died {Date(patient.StatusDate)} ({Number(months, 1)} months after the procedure)"
            : $"Alive, last known {Date(patient.StatusDate)} ({Number(months, 1)} months of follow-up)");
        baseline.AddTo(pdf);

        var visits = s.Visits.Select(v => v.Code).ToArray();
        var categories = visits.Select(Visit).ToArray();
        MeanPoint[] Points(Func<VisitCode, double?> value) => visits.Select((v, i) => (v, i, x: value(v)))
            .Where(p => p.x is not null).Select(p => new MeanPoint(p.i, p.x!.Value, null, 1)).ToArray();
        var vas = new MeansFigure(categories, [new MeanSeries("VAS", Points(v => (double?)patient.Vas[(int)v]))])
        { FontSize = 8, YMin = 0, YMax = 10, YStep = 2, YTitle = "VAS (0-10)", XTitle = "Visit", LabelDecimals = 1 };
        var kps = new MeansFigure(categories, [new MeanSeries("KPS", Points(v => patient.Kps[(int)v]))])
        { FontSize = 8, YMin = 0, YMax = 100, YStep = 20, YTitle = "KPS", XTitle = "Visit", LabelDecimals = 0 };
        pdf.Paragraph("Scores over the visits", TextStyle.Caption, spaceAfter: 3);
        // One chart per row: seven visit labels need the full width to stay apart. Low enough that the visit table
        // stays on the first page: a summary is one sheet.
        pdf.Block(120, (canvas, rect) => vas.Render(canvas, rect), spaceAfter: 6);
        pdf.Block(120, (canvas, rect) => kps.Render(canvas, rect), spaceAfter: 10);

        var table = new PdfTable("Visits", [new("Visit", 1f, CellAlign.Left), new("Window", 2f, CellAlign.Left), new("Assessed", 1.1f, CellAlign.Left),
            new("VAS", 0.6f), new("KPS", 0.6f), new("Status", 1.2f, CellAlign.Left)]);
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
            table.Row(Visit(v.Code), $"{Date(w.Start)} to {Date(w.End)}", assessed,
                Vas(patient.Vas[i]), patient.Kps[i]?.ToString(inv) ?? "-",
                Status(status.Status) + (status.Reason is { } r ? $" ({Missed(r)})" : ""));
        }
        if (anyOutOfWindow) table.Footnotes.Add("* Assessed outside the visit's window (out of window).");
        table.Footnotes.Add("Status on the printing day by the visit status rules; a visit whose window opens after death is not expected.");
        table.AddTo(pdf);
        return pdf.ToPdf($"Patient summary {patient.StudyId}", "Patient summary", generatedAtUtc ?? today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
    }
}
