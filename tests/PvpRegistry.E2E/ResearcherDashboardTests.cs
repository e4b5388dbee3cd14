using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.E2E.Infrastructure;

namespace PvpRegistry.E2E;

/// <summary>What a researcher reads on the dashboards at laptop size: Kaplan-Meier levels in clinical order, Table 1 of one group.</summary>
[Collection(AppCollection.Name)]
public class ResearcherDashboardTests(AppFixture app)
{
    /// <summary>Picks an item of a MudSelect by its text.</summary>
    private static async Task ChooseAsync(IPage page, string selectTestId, string item)
    {
        await page.GetByTestId(selectTestId).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = item }).First.ClickAsync();
    }

    [Fact]
    public async Task A_three_level_survival_factor_reads_in_clinical_order_with_its_whole_table_beside_the_curves_at_1366_px()
    {
        var page = await app.SignedInLaptopPageAtAsync("/dashboards", Roles.Researcher);
        await Assertions.Expect(page.GetByTestId("km-figure")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("export-deidentified")).ToHaveAttributeAsync("href", "/export/study.csv?deidentified=true");

        await ChooseAsync(page, "survival-factor", "Involved segments");
        var heads = page.Locator("[data-testid^=survival-head-]");
        await Assertions.Expect(heads).ToHaveTextAsync(["1 segment", "2 segments", "≥3 segments"]);
        // The legend of the figure in the same order.
        var legend = await page.GetByTestId("km-figure").InnerTextAsync();
        Assert.True(legend.IndexOf("1 segment", StringComparison.Ordinal) < legend.IndexOf("≥3 segments", StringComparison.Ordinal), legend);

        // Nothing of the side table is clipped: it does not scroll sideways and every cell lies inside it.
        var clipped = await page.EvaluateAsync<string[]>("""
            () => {
              const t = document.querySelector('[data-testid=survival-table]');
              const c = t.querySelector('.mud-table-container') ?? t;
              const box = c.getBoundingClientRect();
              const out = [...t.querySelectorAll('th, td')].filter(e => { const r = e.getBoundingClientRect(); return r.right > box.right + 1 || r.left < box.left - 1; }).map(e => e.textContent);
              if (c.scrollWidth > c.clientWidth + 1) out.push('scrolls sideways');
              return out;
            }
            """);
        Assert.True(clipped.Length == 0, $"clipped at 1366 px: {string.Join(" | ", clipped)}");
        // Beside the curves, not below them.
        var figureBox = (await page.GetByTestId("km-figure").BoundingBoxAsync())!;
        var tableBox = (await page.GetByTestId("survival-table").BoundingBoxAsync())!;
        Assert.True(tableBox.X >= figureBox.X + figureBox.Width - 1, $"table at x = {tableBox.X}, figure ends at {figureBox.X + figureBox.Width}");
        foreach (var median in await page.Locator("[data-testid^=median-]").AllInnerTextsAsync())
            Assert.DoesNotContain("- -", median);

        await page.GetByTestId("km-figure").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "dashboard-km-segments-1366x768.png") });
    }

    [Fact]
    public async Task Table_1_filtered_to_one_group_shows_that_groups_mean_and_sd()
    {
        var page = await app.SignedInPageAtAsync("/dashboards", Roles.Researcher);
        await Assertions.Expect(page.GetByTestId("km-figure")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await ChooseAsync(page, "filter-group", "PVP + 125I");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Baseline", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("baseline-age-pvp_i125")).ToContainTextAsync("±");
        await Assertions.Expect(page.GetByTestId("baseline-vas-pvp_i125")).ToContainTextAsync("±");
        await Assertions.Expect(page.GetByTestId("baseline-kps-pvp_i125")).ToContainTextAsync("±");
        await Assertions.Expect(page.GetByTestId("baseline-age-pvp")).ToHaveTextAsync("-");
        await page.GetByTestId("baseline-table").ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "dashboard-baseline-pvp-i125.png") });
    }
}
