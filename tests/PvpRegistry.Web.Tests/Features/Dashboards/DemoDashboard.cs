using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Data.Study;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Web.Features.Dashboards;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Dashboards;

/// <summary>
/// The app on an empty registry into which the study's reference cohort (the CSV R's reference results were computed
/// on) is imported, the dashboard view computed from it, and the reference: <c>pvp study</c>'s function
/// (StudyAnalysis.Run) on the same file. The demo cohort the app seeds is made clinically plausible and may differ.
/// </summary>
public sealed class DemoDashboard : IAsyncLifetime
{
    public static string ReferenceCsv => Path.Combine(AppContext.BaseDirectory, "TestData", "cohort-demo.csv");

    public RegistryWebFactory Factory { get; } = new EmptyRegistryWebFactory();
    public CohortSnapshot Snapshot { get; private set; } = null!;
    public DashboardView View { get; private set; } = null!;
    public StudyResult Reference { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using (var csv = File.OpenRead(ReferenceCsv))
            Assert.True((await Factory.Services.GetRequiredService<StudyCsvImporter>().ImportAsync(csv, "test-importer")).Succeeded);
        var service = Factory.Services.GetRequiredService<DashboardService>();
        Snapshot = await service.LoadAsync();
        View = DashboardService.Compute(Snapshot, DashboardFilter.Default, DateTime.UtcNow);
        using var reader = new StreamReader(ReferenceCsv);
        var (rows, problems) = StudyCsvFormat.Read(reader, FollowUpSchedule.Default);
        Assert.Empty(problems);
        Reference = StudyAnalysis.Run(rows.Select(r => r.Record).ToArray());
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
