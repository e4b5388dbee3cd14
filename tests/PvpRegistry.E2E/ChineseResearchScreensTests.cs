using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.E2E.Infrastructure;

namespace PvpRegistry.E2E;

/// <summary>
/// A researcher and an administrator who work in Chinese: the dashboards (a Kaplan-Meier panel, the Cox panel, the KPS panel), the
/// reports page and the users page hold their labels at laptop size (1366x768) and on a tablet (820x1180).
/// </summary>
[Collection(AppCollection.Name)]
public class ChineseResearchScreensTests(AppFixture app)
{
    private static readonly (int Width, int Height)[] Sizes = [(1366, 768), (820, 1180)];

    /// <summary>Sets the signed-in account to Chinese from the app bar and waits for the page to come back in it.</summary>
    private static async Task SwitchToChineseAsync(IPage page)
    {
        await page.GetByTestId("language-zh-CN").ClickAsync();
        await page.WaitForSelectorAsync("#app-ready[data-interactive=true]", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
    }

    private static async Task AssertHoldsAndShootAsync(IPage page, string name, params string[] tables)
    {
        foreach (var table in tables) await Layout.AssertCellsHoldTheirTextAsync(page, table);
        await FormFields.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, $"{name}-{page.ViewportSize!.Width}x{page.ViewportSize.Height}.png"), FullPage = true });
    }

    [Fact]
    public async Task A_chinese_researcher_reads_the_survival_and_cox_panels_and_the_reports_page_in_chinese_at_laptop_and_tablet_size()
    {
        Layout.RequireChineseFont();
        var page = await app.SignedInPageAtAsync("/dashboards", Roles.Researcher);
        await SwitchToChineseAsync(page);
        await Assertions.Expect(page.Locator("h4")).ToHaveTextAsync("统计面板");
        await Assertions.Expect(page.GetByTestId("km-figure")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        foreach (var (width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            await page.GetByRole(AriaRole.Tab, new() { Name = "生存" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("km-figure")).ToContainTextAsync("风险人数");
            await Assertions.Expect(page.GetByTestId("survival-table")).ToContainTextAsync("事件（死亡）");
            await AssertHoldsAndShootAsync(page, "zh-dashboard-km", "[data-testid=survival-table]");

            await page.GetByRole(AriaRole.Tab, new() { Name = "预后" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("forest-figure")).ToContainTextAsync("风险比");
            await Assertions.Expect(page.GetByTestId("cox-final")).ToContainTextAsync("协变量");
            await AssertHoldsAndShootAsync(page, "zh-dashboard-cox", "[data-testid=cox-final]", "[data-testid=pi-table]", "[data-testid=cox-steps]");

            await page.GetByRole(AriaRole.Tab, new() { Name = "功能状态" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("kps-paired")).ToContainTextAsync("配对数");
            await AssertHoldsAndShootAsync(page, "zh-dashboard-kps", "[data-testid=kps-paired]", "[data-testid=kps-between]");
        }

        await AppFixture.GotoInteractiveAsync(page, "/reports");
        await Assertions.Expect(page.GetByTestId("report-generate")).ToContainTextAsync("生成研究报告");
        foreach (var (width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            await AssertHoldsAndShootAsync(page, "zh-reports");
        }
    }

    [Fact]
    public async Task A_chinese_administrator_reads_the_users_page_in_chinese_at_laptop_and_tablet_size()
    {
        Layout.RequireChineseFont();
        var page = await app.SignedInPageAtAsync("/admin/users", Roles.Admin);
        await SwitchToChineseAsync(page);
        await Assertions.Expect(page.Locator("h4")).ToHaveTextAsync("用户和角色");
        foreach (var (width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            await Assertions.Expect(page.GetByTestId("user-table")).ToContainTextAsync("重置密码");
            await AssertHoldsAndShootAsync(page, "zh-admin-users", "[data-testid=user-table]");
        }
    }
}
