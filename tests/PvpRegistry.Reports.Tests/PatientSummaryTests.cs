using PvpRegistry.Cli.Analysis;
using PvpRegistry.Core;
using PvpRegistry.Reports.Patients;
using PvpRegistry.Reports.Study;

namespace PvpRegistry.Reports.Tests;

public sealed class PatientSummaryTests
{
    [Fact]
    public void Patient_summary_shows_baseline_procedure_and_every_visit_with_its_scores()
    {
        var patient = StudyCommand.ReadCohort(DemoReport.CsvPath)[0];
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
    public void Filters_select_the_cohort_and_are_described_on_the_title_page()
    {
        var all = StudyCommand.ReadCohort(DemoReport.CsvPath);
        var filter = new CohortFilter(Group: TreatmentGroup.PvpI125, Site: MetastaticSite.Sacral);
        var cohort = filter.Apply(CohortRecord.FromStudyCsv(all));
        Assert.Equal(all.Count(r => r.Group == TreatmentGroup.PvpI125 && r.MetastaticSite == MetastaticSite.Sacral), cohort.Count);
        Assert.Equal(["Treatment group: PVP + 125I", "Metastatic site: Sacral"], filter.Describe());
        var text = new PdfText(StudyReport.Generate(cohort, new StudyReportInfo("test", DateTimeOffset.UnixEpoch, "00", filter)));
        Assert.Contains(text.Pages[0], l => l.Contains("Treatment group: PVP + 125I", StringComparison.Ordinal));
        Assert.Contains(text.Pages[0], l => l.Contains($"n = {cohort.Count}", StringComparison.Ordinal));
    }
}
