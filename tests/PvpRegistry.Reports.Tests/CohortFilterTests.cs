using PvpRegistry.Core;
using PvpRegistry.Reports.Study;

namespace PvpRegistry.Reports.Tests;

/// <summary>The one cohort rule of the dashboards, the study report and `pvp report`.</summary>
public sealed class CohortFilterTests
{
    private static readonly StudyRecord Row = DemoReport.ReadCohort()[0];

    [Theory]
    [InlineData("2020-03-01", null, true)]
    [InlineData("2020-03-02", null, false)]
    [InlineData(null, "2020-03-01", true)]
    [InlineData(null, "2020-02-29", false)]
    [InlineData("2020-03-01", "2020-03-01", true)]
    public void The_date_range_is_on_the_enrolment_date_with_both_ends_included(string? from, string? to, bool included)
    {
        var filter = new CohortFilter(Date(from), Date(to));
        // Enrolled on 2020-03-01, operated on months later: only the enrolment date counts.
        var patient = new CohortRecord(Row with { ProcedureDate = new DateOnly(2020, 6, 15) }, new DateOnly(2020, 3, 1));
        Assert.Equal(included, filter.Includes(patient));
    }

    [Fact]
    public void A_patient_without_an_enrolment_date_is_outside_any_date_range_but_in_a_filter_without_one()
    {
        var patient = new CohortRecord(Row, null);
        Assert.False(new CohortFilter(EnrolledFrom: new DateOnly(1900, 1, 1)).Includes(patient));
        Assert.False(new CohortFilter(EnrolledTo: new DateOnly(2100, 1, 1)).Includes(patient));
        Assert.True(new CohortFilter(Group: Row.Group).Includes(patient));
    }

    [Fact]
    public void A_study_csv_row_is_enrolled_on_its_procedure_date_as_the_import_enrols_it()
    {
        var all = DemoReport.ReadCohort();
        var middle = all.Select(r => r.ProcedureDate).Order().ElementAt(all.Count / 2);
        var filter = new CohortFilter(EnrolledFrom: middle, Group: TreatmentGroup.PvpI125);
        var cohort = filter.Apply(CohortRecord.FromStudyCsv(all));
        Assert.Equal(all.Where(r => r.ProcedureDate >= middle && r.Group == TreatmentGroup.PvpI125).Select(r => r.StudyId), cohort.Select(r => r.StudyId));
        Assert.InRange(cohort.Count, 1, all.Count - 1);
    }

    [Fact]
    public void The_title_page_states_the_enrolment_date_range()
    {
        var all = DemoReport.ReadCohort();
        var from = all.Select(r => r.ProcedureDate).Order().ElementAt(all.Count / 3);
        var filter = new CohortFilter(EnrolledFrom: from);
        Assert.Equal([$"Enrolment date {from:yyyy-MM-dd} to any"], filter.Describe());
        var cohort = filter.Apply(CohortRecord.FromStudyCsv(all));
        var text = new PdfText(StudyReport.Generate(cohort, new StudyReportInfo("test", DateTimeOffset.UnixEpoch, "00", filter)));
        Assert.Contains(text.Pages[0], l => l.EndsWith($"Enrolment date {from:yyyy-MM-dd} to any", StringComparison.Ordinal));
        Assert.Contains(text.Pages[0], l => l.Contains($"n = {cohort.Count} ", StringComparison.Ordinal));
    }

    private static DateOnly? Date(string? iso) => iso is null ? null : DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
