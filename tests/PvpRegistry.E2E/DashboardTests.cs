using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.E2E.Infrastructure;
using Xunit.Abstractions;

namespace PvpRegistry.E2E;

[Collection(AppCollection.Name)]
public class DashboardTests(AppFixture app, ITestOutputHelper output)
{
    private static readonly string[] Panels = ["Survival", "Pain", "Function", "Baseline", "Prognosis", "Follow-up"];

    [Fact]
    public async Task Every_panel_renders_the_demo_cohort_and_is_screenshotted()
    {
        var page = await app.SignedInPageAsync(Roles.Researcher);
        await AppFixture.GotoInteractiveAsync(page, "/dashboards");
        await Assertions.Expect(page.GetByTestId("km-figure")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.GetByTestId("km-figure").ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "dashboard-km.png") });
        foreach (var panel in Panels)
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = panel, Exact = true }).ClickAsync();
            var key = panel == "Follow-up" ? "completeness" : panel.ToLowerInvariant();
            await Assertions.Expect(page.GetByTestId($"{key}-n")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId($"{key}-updated")).ToContainTextAsync("updated ");
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, $"dashboard-{key}.png"), FullPage = true });
        }
        await page.GetByRole(AriaRole.Tab, new() { Name = "Prognosis", Exact = true }).ClickAsync();
        await page.GetByTestId("pi-figure").ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "dashboard-pi-km.png") });
    }

    [Fact]
    public async Task The_enrolment_dates_are_typed_as_yyyy_mm_dd_in_a_browser_of_another_locale_and_filter_the_cohort()
    {
        var page = await app.SignedInPageInLocaleAsync("de-DE", Roles.Researcher);
        await AppFixture.GotoInteractiveAsync(page, "/dashboards");
        var summary = page.GetByTestId("cohort-summary");
        await Assertions.Expect(summary).ToContainTextAsync("analysed", new() { Timeout = 15_000 });
        var from = page.Locator("#filter-from");
        await Assertions.Expect(from).ToHaveAttributeAsync("placeholder", "YYYY-MM-DD");

        await from.FillAsync("2999-01-01");
        await from.PressAsync("Tab");
        await Assertions.Expect(from).ToHaveValueAsync("2999-01-01");
        await Assertions.Expect(summary).ToContainTextAsync("n = 0 analysed");

        await from.FillAsync("01.01.2000");
        await from.PressAsync("Tab");
        await Assertions.Expect(page.GetByText("Type as YYYY-MM-DD")).ToBeVisibleAsync();
        await Assertions.Expect(summary).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"n = [1-9]\d* analysed"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "dashboard-date-refused.png") });
    }

    [Fact]
    public async Task A_death_recorded_elsewhere_updates_the_open_survival_panel_within_3_seconds_without_reload()
    {
        // Two browser contexts: the researcher watching the survival panel, and a nurse signed in elsewhere.
        var researcher = await app.SignedInPageAsync(Roles.Researcher);
        var nurse = await app.SignedInPageAsync(Roles.Nurse);
        await AppFixture.GotoInteractiveAsync(researcher, "/dashboards");
        await AppFixture.GotoInteractiveAsync(nurse, "/worklist");
        var events = researcher.GetByTestId("events-pvp");
        await Assertions.Expect(events).ToBeVisibleAsync(new() { Timeout = 15_000 });
        int before = int.Parse(await events.InnerTextAsync());
        string curveBefore = await researcher.GetByTestId("km-figure").InnerHTMLAsync();
        await researcher.EvaluateAsync("() => window.__notReloaded = true");

        // The branch has no death-entry screen yet: the nurse's save goes through the app's own DbContext
        // factory in this process, which publishes the change exactly as a save from a screen does.
        var stopwatch = Stopwatch.StartNew();
        await RecordDeathAsync(TreatmentGroup.Pvp);
        await Assertions.Expect(events).ToHaveTextAsync((before + 1).ToString(), new() { Timeout = 3_000 });
        var elapsed = stopwatch.Elapsed;
        output.WriteLine($"events count updated after {elapsed.TotalMilliseconds:F0} ms");

        Assert.NotEqual(curveBefore, await researcher.GetByTestId("km-figure").InnerHTMLAsync());
        Assert.True(await researcher.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page was not reloaded");
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"save to redraw took {elapsed.TotalMilliseconds:F0} ms");
        await File.AppendAllTextAsync(Path.Combine(AppFixture.ScreenshotFolder, "dashboard-timings.txt"), $"live refresh: {elapsed.TotalMilliseconds:F0} ms\n");
        await researcher.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "dashboard-after-death.png"), FullPage = true });
    }

    private async Task RecordDeathAsync(TreatmentGroup group)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        db.Actor = "e2e-nurse";
        var patient = await db.Patients.Include(p => p.VitalStatusEvents)
            .Where(p => p.Group == group && p.VitalStatus == VitalStatus.Alive && p.Voided == null && p.EnrolmentStatus == EnrolmentStatus.Enrolled)
            .OrderBy(p => p.StudyId).FirstAsync();
        var date = patient.LastKnownAliveDate!.Value.AddDays(1);
        patient.VitalStatus = VitalStatus.Dead;
        patient.ExitDate = date;
        patient.DeathCause = "Disease progression";
        patient.VitalStatusEvents.Add(new VitalStatusEvent { Kind = VitalStatusEventKind.Death, Date = date, Cause = "Disease progression", RecordedBy = "e2e-nurse", RecordedAtUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }
}
