using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Web.Features.Dashboards;

namespace PvpRegistry.Web.Tests.Features.Dashboards;

/// <summary>The cohort filter chooses the study rows handed to StudyAnalysis; every panel's n follows it.</summary>
public class CohortFilterTests(DemoDashboard demo) : IClassFixture<DemoDashboard>
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_group_filter_analyses_exactly_that_groups_patients()
    {
        var view = DashboardService.Compute(demo.Snapshot, DashboardFilter.Default with { Group = TreatmentGroup.PvpI125 }, Now);
        var expected = StudyAnalysis.Run(demo.Snapshot.Patients.Where(p => p.Group == TreatmentGroup.PvpI125).Select(p => p.Record!).ToArray());
        Assert.Equal(expected.N, view.N);
        Assert.Equal(31, view.N);
        var group = Assert.Single(view.Result!.Survival[0].Groups);
        Assert.Equal(expected.Survival[0].Groups[0].Curve.Events, group.Curve.Events);
        Assert.Null(view.Result.Survival[0].LogRank); // one level: no log-rank test
        Assert.Equal(31, view.CompletenessN);
    }

    [Fact]
    public void Enrolment_dates_site_and_tumour_filter_the_cohort()
    {
        var dates = demo.Snapshot.Patients.Select(p => p.EnrolmentDate!.Value).Order().ToArray();
        var middle = dates[dates.Length / 2];
        var early = DashboardService.Compute(demo.Snapshot, DashboardFilter.Default with { EnrolledTo = middle }, Now);
        Assert.Equal(dates.Count(d => d <= middle), early.N);
        var sacral = DashboardService.Compute(demo.Snapshot, DashboardFilter.Default with { Site = MetastaticSite.Sacral, PrimaryTumor = PrimaryTumor.Lung }, Now);
        Assert.Equal(demo.Snapshot.Patients.Count(p => p.Site == MetastaticSite.Sacral && p.PrimaryTumor == PrimaryTumor.Lung), sacral.N);
    }

    [Fact]
    public void Screen_failures_and_voided_records_are_left_out_unless_asked_for_and_the_exclusion_is_stated()
    {
        var demoPatient = demo.Snapshot.Patients[0];
        var extra = new[]
        {
            demoPatient with { StudyId = "X-VOID", Voided = true },
            demoPatient with { StudyId = "X-SF", Enrolment = EnrolmentStatus.ScreenFailure, Record = null, Visits = [] },
        };
        var snapshot = demo.Snapshot with { Patients = [.. demo.Snapshot.Patients, .. extra] };

        var normal = DashboardService.Compute(snapshot, DashboardFilter.Default, Now);
        Assert.Equal(62, normal.N);
        Assert.Equal(1, normal.Exclusions.Voided);
        Assert.Equal(1, normal.Exclusions.ScreenFailures);

        var all = DashboardService.Compute(snapshot, DashboardFilter.Default with { IncludeVoided = true, IncludeScreenFailures = true }, Now);
        Assert.Equal(63, all.N); // the voided copy has a study row; the screen failure has no procedure
        Assert.Equal(1, all.Exclusions.WithoutSurvival);
        Assert.Equal(64, all.CompletenessN);
    }

    [Fact]
    public void An_empty_selection_says_so_instead_of_failing()
    {
        var view = DashboardService.Compute(demo.Snapshot, DashboardFilter.Default with { EnrolledFrom = new DateOnly(2100, 1, 1) }, Now);
        Assert.Equal(0, view.N);
        Assert.Null(view.Result);
        Assert.NotNull(view.Problem);
        Assert.All(view.Completeness, b => Assert.Equal(0, b.Total));
    }
}
