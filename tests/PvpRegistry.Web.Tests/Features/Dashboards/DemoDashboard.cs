using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Data.Demo;
using PvpRegistry.Data.Study;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Web.Features.Dashboards;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Dashboards;

/// <summary>
/// The app with its demo cohort loaded (date-shifted, survival intervals unchanged), the dashboard view
/// computed from it, and the reference: <c>pvp study</c>'s function (StudyAnalysis.Run) on the demo CSV file.
/// </summary>
public sealed class DemoDashboard : IAsyncLifetime
{
    public RegistryWebFactory Factory { get; } = new();
    public CohortSnapshot Snapshot { get; private set; } = null!;
    public DashboardView View { get; private set; } = null!;
    public StudyResult Reference { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var service = Factory.Services.GetRequiredService<DashboardService>();
        Snapshot = await service.LoadAsync();
        View = DashboardService.Compute(Snapshot, DashboardFilter.Default, DateTime.UtcNow);
        using var reader = new StreamReader(DemoCohort.DefaultFile);
        var (rows, problems) = StudyCsvFormat.Read(reader, FollowUpSchedule.Default);
        Assert.Empty(problems);
        Reference = StudyAnalysis.Run(rows.Select(r => r.Record).ToArray());
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
