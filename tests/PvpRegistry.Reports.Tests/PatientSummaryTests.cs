using PvpRegistry.Core;
using PvpRegistry.Reports.Patients;
using PvpRegistry.Reports.Study;

namespace PvpRegistry.Reports.Tests;

public sealed class PatientSummaryTests
{
    [Fact]
    public void Patient_summary_shows_baseline_procedure_and_every_visit_with_its_scores()
    {
        var patient = DemoReport.ReadCohort()[0];
        var text = new PdfText(PatientSummaryReport.Generate(patient, new DateOnly(2026, 6, 1)));
        var lines = text.AllLines.ToList();
        Assert.Contains(patient.StudyId, lines);
        Assert.Contains(lines, l => l.StartsWith("Procedure " + patient.ProcedureDate.ToString("yyyy-MM-dd"), StringComparison.Ordinal));
        var preop = lines.Single(l => l.StartsWith("Before surgery 20", StringComparison.Ordinal));
        Assert.Contains($" {patient.Vas[(int)VisitCode.Preop]:0.0} {patient.Kps[(int)VisitCode.Preop]} Completed", preop);
        Assert.Equal(7, FollowUpSchedule.Default.Visits.Count(v => lines.Any(l => l.StartsWith(Formats.Visit(v.Code) + " 20", StringComparison.Ordinal))));
        Assert.Equal(0, text.ImageCount);
    }

    [Fact]
    public void Patient_summary_reads_the_stored_windows_and_missed_marks_like_the_screens()
    {
        var patient = DemoReport.ReadCohort()[0] with { Vas = new decimal?[7], Kps = new int?[7], Dead = false };
        var visits = FollowUpSchedule.Default.CreateVisits(patient.ProcedureDate);
        var day1 = visits.Single(v => v.Code == VisitCode.Day1);
        day1.MissedReason = MissedReason.TooIll;
        var month1 = visits.Single(v => v.Code == VisitCode.Month1);
        month1.MoveTo(new VisitWindow(new DateOnly(2030, 1, 10), new DateOnly(2030, 1, 1), new DateOnly(2030, 1, 20)));

        var lines = new PdfText(PatientSummaryReport.Generate(patient, new DateOnly(2026, 6, 1), storedVisits: visits)).AllLines.ToList();

        Assert.Contains(" Missed (too ill)", lines.Single(l => l.StartsWith("Day 1 20", StringComparison.Ordinal)));
        Assert.Contains("2030-01-01 to 2030-01-20", lines.Single(l => l.StartsWith("1 month 20", StringComparison.Ordinal)));
    }

    [Fact]
    public void Patient_summary_lists_the_treated_levels_with_their_cement_and_flags_an_assessment_out_of_its_window()
    {
        var patient = DemoReport.ReadCohort()[0];
        var month3 = FollowUpSchedule.Default.WindowFor(VisitCode.Month3, patient.ProcedureDate);
        var late = month3.End.AddDays(20);
        var dates = (DateOnly?[])patient.ScoreDates.Clone();
        dates[(int)VisitCode.Month3] = late;
        var vas = (decimal?[])patient.Vas.Clone();
        vas[(int)VisitCode.Month3] = 3.5m;
        patient = patient with { CementMl = 4.8m, ScoreDates = dates, Vas = vas, Dead = false, StatusDate = late.AddDays(400) };
        TreatedLevel[] levels = [new() { Level = SpinalLevel.L3, CementMl = 2.5m }, new() { Level = SpinalLevel.L2, CementMl = 2.3m }];

        var text = new PdfText(PatientSummaryReport.Generate(patient, late.AddDays(30), treatedLevels: levels));
        var lines = text.AllLines.ToList();

        Assert.Contains("Treated levels L2 2.3 mL, L3 2.5 mL; cement 4.8 mL in all", lines);
        var row = lines.Single(l => l.StartsWith("3 months 20", StringComparison.Ordinal));
        Assert.Contains($" {late:yyyy-MM-dd} * 3.5 ", row);
        Assert.Contains("* Assessed outside the visit's window (out of window).", lines);
        Assert.Single(text.Pages); // a summary is one sheet
        Assert.DoesNotContain(lines, l => l.StartsWith("1 month 20", StringComparison.Ordinal) && l.Contains(" * ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_procedure_without_levels_says_so_and_never_starts_with_a_separator()
    {
        var patient = DemoReport.ReadCohort()[0] with { CementMl = 4.6m };
        var lines = new PdfText(PatientSummaryReport.Generate(patient, new DateOnly(2026, 6, 1), treatedLevels: [])).AllLines.ToList();
        Assert.Contains("Treated levels no treated level recorded; cement 4.6 mL", lines);
        Assert.DoesNotContain(lines, l => l.Contains("; cement", StringComparison.Ordinal) && !l.Contains("recorded; cement", StringComparison.Ordinal));
        Assert.Equal("no treated level recorded; cement 4.6 mL", Formats.TreatedLevels([], 4.6m));
    }

    [Fact]
    public void Filters_select_the_cohort_and_are_described_on_the_title_page()
    {
        var all = DemoReport.ReadCohort();
        var filter = new CohortFilter(Group: TreatmentGroup.PvpI125, Site: MetastaticSite.Sacral);
        var cohort = filter.Apply(CohortRecord.FromStudyCsv(all));
        Assert.Equal(all.Count(r => r.Group == TreatmentGroup.PvpI125 && r.MetastaticSite == MetastaticSite.Sacral), cohort.Count);
        Assert.Equal(["Treatment group: PVP + 125I", "Metastatic site: Sacral"], filter.Describe());
        var text = new PdfText(StudyReport.Generate(cohort, new StudyReportInfo("test", DateTimeOffset.UnixEpoch, "00", filter)));
        Assert.Contains(text.Pages[0], l => l.Contains("Treatment group: PVP + 125I", StringComparison.Ordinal));
        Assert.Contains(text.Pages[0], l => l.Contains($"n = {cohort.Count}", StringComparison.Ordinal));
    }
}
