using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Web.Features.Patients;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Patients;

/// <summary>The demo cohort as it was loaded: nothing in this class adds or changes patients.</summary>
public class PatientListTests(RegistryWebFactory factory) : IClassFixture<RegistryWebFactory>
{
    private readonly PatientList _list = factory.Services.GetRequiredService<PatientList>();

    [Theory]
    [InlineData("StudyId", false)]
    [InlineData("StudyId", true)]
    [InlineData("Age", false)]
    [InlineData("Age", true)]
    [InlineData("ProcedureDate", false)]
    [InlineData("ProcedureDate", true)]
    public async Task Every_sort_runs_in_the_database_and_pages_the_demo_cohort(string? sortBy, bool descending)
    {
        var (first, total) = await _list.QueryAsync(new PatientQuery(null, null, null, sortBy, descending, 0, 25));
        var (last, _) = await _list.QueryAsync(new PatientQuery(null, null, null, sortBy, descending, 2, 25));
        // The file's 62 patients and the 11 recently operated ones.
        Assert.Equal(73, total);
        Assert.Equal(25, first.Count);
        Assert.Equal(23, last.Count);
        var keys = first.Concat(last).Select(r => sortBy switch
        {
            "Age" => (IComparable)r.Age,
            "ProcedureDate" => r.ProcedureDate!.Value,
            _ => r.StudyId,
        }).ToList();
        var sorted = descending ? keys.OrderDescending().ToList() : keys.Order().ToList();
        Assert.Equal(sorted, keys);
    }

    [Fact]
    public async Task Without_a_sort_the_newest_patients_come_first_and_names_stay_out_unless_asked()
    {
        var (rows, _) = await _list.QueryAsync(new PatientQuery(null, null, null, null, false, 0, 25));
        Assert.Equal(rows.Select(r => r.Id).OrderDescending(), rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.Null(r.Name));

        var (named, _) = await _list.QueryAsync(new PatientQuery(null, null, null, null, false, 0, 25, Identifiers: true));
        Assert.Equal(rows.Select(r => r.Id), named.Select(r => r.Id));
    }

    [Fact]
    public async Task Search_and_filters_narrow_the_list()
    {
        var (byId, n1) = await _list.QueryAsync(new PatientQuery("DEMO-012", null, null, null, false, 0, 25));
        Assert.Equal(1, n1);
        Assert.Equal("COHORT-DEMO-012", byId.Single().StudyId);

        var (_, pvp) = await _list.QueryAsync(new PatientQuery(null, TreatmentGroup.Pvp, null, null, false, 0, 25));
        var (_, seeds) = await _list.QueryAsync(new PatientQuery(null, TreatmentGroup.PvpI125, null, null, false, 0, 25));
        // 31 of each in the file; the recently operated add 6 and 5.
        Assert.Equal(37, pvp);
        Assert.Equal(36, seeds);

        var (_, dead) = await _list.QueryAsync(new PatientQuery(null, null, VitalStatus.Dead, null, false, 0, 25));
        Assert.Equal(41, dead);
    }
}
