using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.E2E.Infrastructure;
using Xunit.Abstractions;

namespace PvpRegistry.E2E;

[Collection(SecondAppCollection.Name)]
public class DashboardTests(SecondAppFixture app, ITestOutputHelper output)
{
    private static readonly string[] Panels = ["Survival", "Pain", "Function", "Baseline", "Prognosis", "Follow-up"];

    [Fact]
    public async Task Every_panel_renders_the_demo_cohort_fits_a_laptop_screen_and_is_screenshotted()
    {
        var page = await app.SignedInLaptopPageAtAsync("/dashboards", Roles.Researcher);
        await Assertions.Expect(page.GetByTestId("km-figure")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.GetByTestId("km-figure").ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "dashboard-km.png") });
        foreach (var panel in Panels)
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = panel, Exact = true }).ClickAsync();
            var key = panel == "Follow-up" ? "completeness" : panel.ToLowerInvariant();
            await Assertions.Expect(page.GetByTestId($"{key}-n")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId($"{key}-updated")).ToContainTextAsync("updated ");
            // The whole panel (the fixed app bar hidden, so it does not cover the tabs when the panel is scrolled into view).
            await page.GetByTestId("dashboard-tabs").ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, $"dashboard-{key}.png"), Style = ".mud-appbar { visibility: hidden; }" });
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, $"dashboard-{key}-1366x768.png") });

            // At 1366 x 768 no table of the panel scrolls sideways, and neither does the page.
            await Layout.AssertNoSidewaysScrollAsync(page, ".dash-table");
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), $"{panel}: the page scrolls sideways");
        }
        await page.GetByRole(AriaRole.Tab, new() { Name = "Prognosis", Exact = true }).ClickAsync();
        await page.GetByTestId("pi-figure").ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "dashboard-pi-km.png") });

        // On a tablet (the page opened at its size) all six tabs are in view, none behind a scroll arrow.
        await page.SetViewportSizeAsync(820, 1180);
        await AppFixture.GotoInteractiveAsync(page, "/dashboards");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "dashboard-820x1180.png") });
        await Layout.AssertNoSidewaysScrollAsync(page, "[data-testid=dashboard-tabs] .mud-tabs-tabbar-content");
    }

    [Fact]
    public async Task The_enrolment_dates_are_typed_as_yyyy_mm_dd_in_a_browser_of_another_locale_and_filter_the_cohort()
    {
        var page = await app.SignedInPageInLocaleAtAsync("de-DE", "/dashboards", Roles.Researcher);
        var summary = page.GetByTestId("cohort-summary");
        await Assertions.Expect(summary).ToContainTextAsync("analysed", new() { Timeout = 15_000 });
        var from = page.Locator("#filter-from");
        await Assertions.Expect(from).ToHaveAttributeAsync("placeholder", "YYYY-MM-DD");

        await from.FillAsync("2999-01-01");
        await from.PressAsync("Tab");
        await Assertions.Expect(from).ToHaveValueAsync("2999-01-01");
        await Assertions.Expect(summary).ToContainTextAsync("n = 0 analysed", new() { Timeout = 15_000 });

        // A wrong date (a locale form, a day that does not exist) is said next to the filter, and the bound in force
        // stays: the cohort does not silently widen.
        var problem = page.GetByTestId("filter-date-error");
        await from.FillAsync("01.01.2000");
        await from.PressAsync("Tab");
        await Assertions.Expect(problem).ToContainTextAsync("\"01.01.2000\" is not a date");
        await Assertions.Expect(problem).ToContainTextAsync("The filter still uses 2999-01-01");
        await Assertions.Expect(summary).ToContainTextAsync("n = 0 analysed");
        await from.FillAsync("2024-02-30");
        await from.PressAsync("Tab");
        await Assertions.Expect(problem).ToContainTextAsync("\"2024-02-30\" is not a date");
        await Assertions.Expect(summary).ToContainTextAsync("n = 0 analysed");
        await Assertions.Expect(page.GetByText("No patient matches the filter").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "dashboard-date-refused.png") });

        // A readable date clears the message.
        await from.FillAsync("2000-01-01");
        await from.PressAsync("Tab");
        await Assertions.Expect(problem).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_death_a_nurse_records_on_her_worklist_updates_the_open_survival_panel_without_reload()
    {
        // Two browser contexts: the researcher watching the survival panel, and a nurse on her worklist.
        var researcher = await app.SignedInPageAsync(Roles.Researcher);
        var nurse = await app.SignedInPageAsync(Roles.Nurse);
        await AppFixture.GotoInteractiveAsync(researcher, "/dashboards");
        await AppFixture.GotoInteractiveAsync(nurse, "/worklist");
        var events = researcher.GetByTestId("events-pvp");
        await Assertions.Expect(events).ToBeVisibleAsync(new() { Timeout = 15_000 });
        int before = int.Parse(await events.InnerTextAsync());
        var figure = researcher.GetByTestId("km-figure");
        string curveBefore = await figure.Locator("svg").InnerHTMLAsync();
        int eventsDrawn = int.Parse((await figure.GetAttributeAsync("data-events"))!);
        await researcher.EvaluateAsync("() => window.__notReloaded = true");

        // A living PVP patient operated on 30 days ago: the 1-month visit is due now on the nurse's list (the demo's
        // own follow-ups are history, their unrecorded visits closed as "window passed").
        var (_, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 30);
        var visit = await WorklistKeys.VisitOnTheWorklistAsync(nurse, studyId);

        // The nurse: to the row by keyboard, V for vital status, "d" picks "Died on", Tab to the date (empty: never
        // filled in silently), Alt+T for today, Tab to the cause, type it, Enter saves.
        string today = await WorklistKeys.TypeDeathTodayAsync(nurse, studyId, visit, "Disease progression");
        await nurse.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "worklist-death-entry.png"), FullPage = true });

        var stopwatch = Stopwatch.StartNew();
        await nurse.Keyboard.PressAsync("Enter");
        await Assertions.Expect(events).ToHaveTextAsync((before + 1).ToString(), new() { Timeout = 15_000 });
        await Assertions.Expect(figure).ToHaveAttributeAsync("data-events", (eventsDrawn + 1).ToString(), new() { Timeout = 15_000 });
        var elapsed = stopwatch.Elapsed;
        output.WriteLine($"events count and curve updated {elapsed.TotalMilliseconds:F0} ms after the nurse pressed Enter");

        Assert.NotEqual(curveBefore, await figure.Locator("svg").InnerHTMLAsync());
        Assert.True(await researcher.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page was not reloaded");
        await Assertions.Expect(nurse.GetByTestId("last-saved")).ToContainTextAsync($"Recorded the death of {studyId} on {today}");

        // Saved as the nurse entered it.
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync())
        {
            var patient = await db.Patients.Include(p => p.VitalStatusEvents).SingleAsync(p => p.StudyId == studyId);
            Assert.Equal(VitalStatus.Dead, patient.VitalStatus);
            Assert.Equal(DateOnly.ParseExact(today, "yyyy-MM-dd"), patient.ExitDate);
            Assert.Equal("Disease progression", patient.DeathCause);
            Assert.StartsWith("e2e-nurse", patient.VitalStatusEvents.Single(e => e.Kind == VitalStatusEventKind.Death).RecordedBy);
        }
        await File.AppendAllTextAsync(Path.Combine(AppFixture.ScreenshotFolder, "dashboard-timings.txt"), $"live refresh (nurse's Enter to redrawn curve): {elapsed.TotalMilliseconds:F0} ms\n");
        await researcher.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "dashboard-after-death.png"), FullPage = true });
    }

    [Fact]
    public async Task The_dashboards_become_interactive_and_answer_a_tab_switch()
    {
        var page = await app.SignedInPageAtAsync("/dashboards", Roles.Surgeon); // warm-up (first render compiles and loads)
        await page.GetByTestId("km-figure").WaitForAsync(new() { Timeout = 30_000 });
        var times = new List<double>();
        var steps = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            await AppFixture.GotoInteractiveAsync(page, "/patients");
            var stopwatch = Stopwatch.StartNew();
            await page.GotoAsync("/dashboards"); // the prerendered page has loaded
            double loaded = stopwatch.Elapsed.TotalMilliseconds;
            await page.WaitForSelectorAsync("#app-ready[data-interactive=true]", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
            double interactive = stopwatch.Elapsed.TotalMilliseconds;
            await page.GetByTestId("km-figure").WaitForAsync(new() { Timeout = 30_000 });
            double drawn = stopwatch.Elapsed.TotalMilliseconds;
            await page.GetByRole(AriaRole.Tab, new() { Name = "Pain", Exact = true }).ClickAsync();
            double clicked = stopwatch.Elapsed.TotalMilliseconds;
            await page.GetByTestId("vas-figure").WaitForAsync();
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
            steps.Add($"{loaded:F0}/{interactive:F0}/{drawn:F0}/{clicked:F0}/{times[^1]:F0}");
        }
        var runs = string.Join(", ", steps);
        times.Sort();
        var line = $"time to interactive (navigation to the KM figure drawn and a tab switch answered), 5 runs: median {times[2]:F0} ms, max {times[^1]:F0} ms " +
                   $"(page loaded/circuit interactive/KM drawn/tab clicked/Pain tab drawn, ms: {runs})";
        output.WriteLine(line);
        await File.AppendAllTextAsync(Path.Combine(AppFixture.ScreenshotFolder, "dashboard-timings.txt"), line + "\n");
        // The target (median under 2 s) is measured by bench/time-to-interactive.sh, not asserted here:
        // a timing assertion fails on a loaded machine without a defect. What this test holds is the behaviour.
        Assert.Equal(5, times.Count);
    }

    /// <summary>The first row of the nurse's worklist whose patient is a living, enrolled PVP patient of the demo cohort.</summary>
}
