using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Demo;
using PvpRegistry.Data.FollowUp;
using PvpRegistry.Web.Features.Worklist;
using PvpRegistry.Web.Tests.Infrastructure;
using static PvpRegistry.Web.Tests.Infrastructure.TestPeople;

namespace PvpRegistry.Web.Tests.Features.Worklist;

/// <summary>Each test enters its own patients into the class's registry and counts relative to what was there.</summary>
public class WorklistGroupingTests(RegistryWebFactory factory) : BunitTestBase, IClassFixture<RegistryWebFactory>
{
    private readonly RegistryWebFactory _factory = factory;

    private static readonly DateOnly Today = new(2026, 6, 15);

    /// <summary>A visit whose window runs from <paramref name="opened"/> days ago to <paramref name="closesIn"/> days ahead, its target <paramref name="targetIn"/> days ahead.</summary>
    private static WorklistItem Row(int id, int opened, int targetIn, int closesIn, string study = "PVP-0001") =>
        new(id, 1, study, VisitCode.Month3, closesIn < 0 ? VisitStatus.Overdue : VisitStatus.Due, Today.AddDays(-opened), Today.AddDays(closesIn),
            Today.AddDays(targetIn), closesIn, null, null);

    [Fact]
    public void Visits_fall_into_overdue_due_now_target_within_7_days_and_target_later_the_first_to_close_first()
    {
        var groups = WorklistService.Group([
            Row(1, opened: 14, targetIn: 0, closesIn: 14),   // a 3-month visit on its target date: due now
            Row(2, opened: 0, targetIn: 0, closesIn: 2),     // a Day-1 visit whose window opened today: due now
            Row(3, opened: 30, targetIn: -20, closesIn: -3), // overdue
            Row(4, opened: 9, targetIn: -5, closesIn: 2),    // target passed: due now, closes first
            Row(5, opened: 0, targetIn: 7, closesIn: 14),    // a 1-month visit whose window opened today: target on the seventh day
            Row(6, opened: 2, targetIn: 12, closesIn: 26),   // target more than 7 days ahead
            Row(7, opened: 6, targetIn: 1, closesIn: 8),     // target tomorrow
            Row(8, opened: 0, targetIn: 8, closesIn: 9),     // target on the eighth day
        ], Today);
        Assert.Equal(["overdue", "now", "soon", "later"], groups.Select(g => g.Key));
        Assert.Equal(["Overdue", "Due now", "Target within 7 days", "Target later"], groups.Select(g => g.Title));
        Assert.Equal([3], groups[0].Rows.Select(r => r.VisitId));
        Assert.Equal([4, 2, 1], groups[1].Rows.Select(r => r.VisitId));
        Assert.Equal([7, 5], groups[2].Rows.Select(r => r.VisitId));
        Assert.Equal([8, 6], groups[3].Rows.Select(r => r.VisitId));
    }

    [Fact]
    public async Task A_fresh_demo_gives_the_nurse_overdue_due_now_target_soon_and_target_later_visits_of_recently_operated_patients_kept_out_of_the_analyses()
    {
        var service = _factory.Services.GetRequiredService<WorklistService>();
        var recent = DemoCohort.RecentPatients(service.Today, FollowUpSchedule.Default).Select(p => p.StudyId).ToHashSet();
        var groups = WorklistService.Group((await service.LoadAsync(Nurse())).Where(r => recent.Contains(r.StudyId)), service.Today)
            .ToDictionary(g => g.Key, g => g.Rows);
        Assert.Contains(groups["overdue"], r => r.Visit == VisitCode.Day1);
        Assert.Contains(groups["now"], r => r.Visit == VisitCode.Day1);
        Assert.Contains(groups["now"], r => r.Visit == VisitCode.Month1);
        Assert.Contains(groups["soon"], r => r.Visit == VisitCode.Month1);
        Assert.Contains(groups["later"], r => r.Visit == VisitCode.Month3);

        // No score and no vital status recorded yet: no status date, so the study analyses are the file's 62 patients.
        var analysed = await _factory.Services.GetRequiredService<PvpRegistry.Data.Study.CohortLoader>().LoadStudyRecordsAsync(CohortFilter.None);
        Assert.Equal(62, analysed.Count(r => r.StudyId.StartsWith("COHORT-DEMO-", StringComparison.Ordinal)));
        Assert.DoesNotContain(analysed, r => recent.Contains(r.StudyId));
    }

    private IRenderedComponent<WorklistPage> RenderPage()
    {
        Context.Services.AddSingleton(_ => _factory.Services.GetRequiredService<WorklistService>());
        Context.Services.AddSingleton(_ => _factory.Services.GetRequiredService<ScoreEntryService>());
        Context.Services.AddSingleton(_ => _factory.Services.GetRequiredService<PvpRegistry.Web.Features.Queries.QueryService>());
        Context.Services.AddSingleton(_ => _factory.Services.GetRequiredService<RegistryClock>());
        // The worklist shows the open reminders too (a list that follows changes while interactive).
        Context.Services.AddSingleton(_ => _factory.Services.GetRequiredService<PvpRegistry.Data.Reminders.ReminderInbox>());
        Context.Services.AddSingleton(_ => _factory.Services.GetRequiredService<PvpRegistry.Data.IRegistryChangeNotifier>());
        Context.Services.AddLogging();
        Context.AddAuthorization().SetAuthorized("nurse.ann").SetRoles(Roles.Nurse);
        Context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        Context.Render<MudPopoverProvider>();
        var page = Context.Render<WorklistPage>();
        page.WaitForElement("[data-testid=worklist-counts]");
        return page;
    }

    [Fact]
    public async Task The_page_shows_counts_per_group_and_a_row_per_visit_with_its_phone()
    {
        int overdueBefore = await OverdueCountAsync();
        var (_, studyId, _) = await TreatedPatientAsync(_factory.Services, 91, VisitCode.Month3);
        var page = RenderPage();

        var service = _factory.Services.GetRequiredService<WorklistService>();
        var expected = WorklistService.Group(await service.LoadAsync(Nurse()), service.Today);
        foreach (var g in expected)
            Assert.Equal($"{g.Title}: {g.Rows.Count}", page.Find($"[data-testid=count-{g.Key}]").TextContent.Trim());
        // This patient's preop, day 1 and 1 month visits are overdue; the 3-month visit is on its target date: due now.
        Assert.Equal(overdueBefore + 3, expected.Single(g => g.Key == "overdue").Rows.Count);
        var row = page.Find($"[data-testid=worklist-row][data-study='{studyId}'][data-visit='3m']");
        Assert.Contains("555-0100", row.TextContent);
        Assert.Contains("14", row.TextContent);
        Assert.NotNull(page.Find("[data-testid=group-now]"));

        await row.KeyDownAsync(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });
        page.WaitForAssertion(() => Assert.Contains($"{studyId} - 3 months", page.Find("[data-testid=entry-title]").TextContent));
    }

    [Fact]
    public async Task The_list_follows_another_nurses_save_without_a_reload()
    {
        var (_, studyId, visitId) = await TreatedPatientAsync(_factory.Services, 91, VisitCode.Month1);
        var page = RenderPage();
        var overdueBefore = page.Find("[data-testid=count-overdue]").TextContent;
        Assert.NotEmpty(page.FindAll($"[data-testid=worklist-row][data-study='{studyId}'][data-visit='1m']"));

        var entry = _factory.Services.GetRequiredService<ScoreEntryService>();
        var seen = (await entry.LoadAsync(Nurse("nurse.bo"), visitId))!;
        await entry.MarkMissedAsync(Nurse("nurse.bo"), visitId, seen.VisitVersion, MissedReason.Unreachable, null);

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=worklist-row][data-study='{studyId}'][data-visit='1m']")), TimeSpan.FromSeconds(5));
        Assert.NotEqual(overdueBefore, page.Find("[data-testid=count-overdue]").TextContent);
        Assert.Contains("Updated", page.Find("[data-testid=worklist-updated]").TextContent);
    }

    private async Task<int> OverdueCountAsync() =>
        WorklistService.Group(await _factory.Services.GetRequiredService<WorklistService>().LoadAsync(Nurse()), Today)
            .SingleOrDefault(g => g.Key == "overdue")?.Rows.Count ?? 0;

    [Fact]
    public async Task A_long_group_draws_fifty_rows_until_the_nurse_asks_for_all()
    {
        for (int i = 0; i < 14; i++) await TreatedPatientAsync(_factory.Services, 200, VisitCode.Month3);
        var page = RenderPage();
        var overdue = WorklistService.Group(await _factory.Services.GetRequiredService<WorklistService>().LoadAsync(Nurse()), Today).Single(g => g.Key == "overdue").Rows;
        Assert.True(overdue.Count > 50, $"{overdue.Count} overdue visits");
        Assert.Equal(50, page.FindAll("[data-testid=group-overdue] [data-testid=worklist-row]").Count);
        Assert.Equal($"Overdue: {overdue.Count}", page.Find("[data-testid=count-overdue]").TextContent.Trim());

        await page.Find("[data-testid=show-all-overdue]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(overdue.Count, page.FindAll("[data-testid=group-overdue] [data-testid=worklist-row]").Count));
        Assert.Empty(page.FindAll("[data-testid=show-all-overdue]"));
    }
}
