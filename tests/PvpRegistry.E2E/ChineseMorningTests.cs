using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.E2E.Infrastructure;

namespace PvpRegistry.E2E;

/// <summary>
/// A nurse who works in Chinese: she sets her account to 中文 from the app bar, and her whole morning (the worklist, scores
/// by keyboard, a refusal, a missed visit, a death) is in Chinese with the glossary's terms, dates still YYYY-MM-DD.
/// Choices in the drop-downs are made with the arrow keys (letters do not pick Chinese options).
/// </summary>
[Collection(AppCollection.Name)]
public partial class ChineseMorningTests(AppFixture app)
{
    private static ILocator RowOf(IPage page, string studyId, string visit) =>
        page.Locator($"[data-testid=worklist-row][data-study='{studyId}'][data-visit='{visit}']");

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, name) });

    /// <summary>Waits for the focus to land on a row (the server moves it after a render), where the nurse's next key goes.</summary>
    private static Task RowFocusedAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.activeElement?.dataset?.testid === 'worklist-row'");

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoWindow();

    [Fact]
    public async Task A_nurse_whose_account_is_set_to_chinese_does_her_morning_in_chinese_by_keyboard()
    {
        Layout.RequireChineseFont();
        var (_, threeMonths) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 91);
        var (_, oneMonth) = await Seed.PatientAsync(app.Services, TreatmentGroup.PvpI125, procedureDaysAgo: 32);
        var (_, dying) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 30);

        var (page, userName) = await app.SignedInAccountAsync(null, Roles.Nurse);
        await page.SetViewportSizeAsync(1366, 768);
        await AppFixture.GotoInteractiveAsync(page, "/worklist");
        await Assertions.Expect(page.GetByTestId("count-now")).ToContainTextAsync("Due now: ");

        // 中文 in the app bar: stored on her account, the page comes back in Chinese.
        await page.GetByTestId("language-zh-CN").ClickAsync();
        await page.WaitForURLAsync("**/worklist");
        await page.WaitForSelectorAsync("#app-ready[data-interactive=true]", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        // As on arrival, the first row takes the focus once the page is interactive: the keys start from there.
        await RowFocusedAsync(page);
        await Assertions.Expect(page.Locator("h4")).ToHaveTextAsync("随访工作列表");
        await Assertions.Expect(page.GetByTestId("nav")).ToContainTextAsync("随访工作列表");
        await Assertions.Expect(page.GetByTestId("count-overdue")).ToContainTextAsync("已逾期: ");
        await Assertions.Expect(page.GetByTestId("count-now")).ToContainTextAsync("今日应随访: ");
        await Assertions.Expect(page.GetByTestId("count-soon")).ToContainTextAsync("7 天内到目标日期: ");
        await Assertions.Expect(page.GetByTestId("count-later")).ToContainTextAsync("目标日期未到: ");
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("护士");
        await Assertions.Expect(page.GetByTestId("group-now").Locator("thead")).ToContainTextAsync("随访时间窗");
        await Assertions.Expect(RowOf(page, threeMonths, "3m").Locator("td").Nth(1)).ToHaveTextAsync("术后 3 个月");
        await Assertions.Expect(RowOf(page, threeMonths, "3m").Locator("td").Nth(2)).ToHaveTextAsync(IsoWindow());
        await Assertions.Expect(page.GetByTestId("shortcuts")).ToHaveTextAsync(new Regex("键盘快捷键"));
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync())
            Assert.Equal("zh-CN", (await db.Users.SingleAsync(u => u.UserName == userName)).Language);
        await Layout.AssertCellsHoldTheirTextAsync(page, ".worklist-table");
        await FormFields.AssertNoHorizontalScrollAsync(page);
        await ScreenshotAsync(page, "zh-worklist-1366x768.png");

        // Scores by keyboard: a VAS out of range is refused in Chinese, then corrected and saved.
        await WorklistKeys.FocusRowAsync(page, threeMonths, "3m");
        await page.Keyboard.PressAsync("Enter");
        var vas = FormFields.Input(page, "vas");
        await Assertions.Expect(vas).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByTestId("entry-title")).ToHaveTextAsync($"{threeMonths} - 术后 3 个月");
        await Assertions.Expect(page.GetByTestId("entry-save")).ToContainTextAsync("保存");
        await Assertions.Expect(page.GetByTestId("mode-missed")).ToContainTextAsync("漏访");
        await Assertions.Expect(page.GetByTestId("mode-vital")).ToContainTextAsync("生存状态");
        await page.Keyboard.TypeAsync("12");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("80");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("entry-panel")).ToContainTextAsync("VAS 须在 0.0 至 10.0 之间（输入为 12）。");
        await Assertions.Expect(page.GetByTestId("entry-error")).ToHaveTextAsync("请更正标记的字段。");
        await Layout.AssertCellsHoldTheirTextAsync(page, ".worklist-table");
        await FormFields.AssertNoHorizontalScrollAsync(page);
        await Assertions.Expect(page.GetByTestId("entry-save")).ToBeInViewportAsync(new() { Ratio = 1 });
        await ScreenshotAsync(page, "zh-entry-panel-1366x768.png");
        await vas.FillAsync("3.5");
        await vas.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("last-saved")).ToContainTextAsync($"已保存 {threeMonths} 术后 3 个月的评分：VAS 3.5，KPS 80。");
        await Assertions.Expect(RowOf(page, threeMonths, "3m")).ToHaveCountAsync(0);
        // The next row's entry opens, ready for typing; Esc closes it and the focus stays on its row.
        await Assertions.Expect(vas).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("entry-panel")).ToHaveCountAsync(0);
        await RowFocusedAsync(page);

        // A missed visit: M, the arrow picks the first reason (无法联系), Enter saves from the drop-down.
        await WorklistKeys.FocusRowAsync(page, oneMonth, "1m");
        await page.Keyboard.PressAsync("m");
        await Assertions.Expect(page.Locator("#entry-missed-reason")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("label[for=entry-missed-reason]")).ToHaveTextAsync("漏访原因");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("last-saved")).ToContainTextAsync($"已将 {oneMonth} 术后 1 个月标记为漏访：无法联系。");
        await Assertions.Expect(vas).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("entry-panel")).ToHaveCountAsync(0);
        await RowFocusedAsync(page);

        // A death: V, the arrow picks 死亡日期, Tab to the empty date, Alt+T for today, Tab to the cause, Enter saves.
        await WorklistKeys.FocusRowAsync(page, dying, "1m");
        await page.Keyboard.PressAsync("v");
        await Assertions.Expect(page.Locator("#entry-vital-kind")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.GetByTestId("death-cause")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("死因（如已知）")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("vital-date").Locator("input")).ToHaveValueAsync("");
        await page.Keyboard.PressAsync("Alt+t");
        await Assertions.Expect(page.GetByTestId("vital-date").Locator("input")).ToHaveValueAsync(new Regex(@"^\d{4}-\d{2}-\d{2}$"));
        string today = await page.GetByTestId("vital-date").Locator("input").InputValueAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("death-cause")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("疾病进展");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("last-saved")).ToContainTextAsync($"已录入 {dying} 的死亡，死亡日期 {today}；此后的随访节点不再需要随访。");

        // The saves landed.
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync())
        {
            var saved = await db.Assessments.SingleAsync(a => a.Visit!.Patient!.StudyId == threeMonths);
            Assert.Equal((3.5m, 80), (saved.Vas!.Value, saved.Kps!.Value));
            Assert.Equal(MissedReason.Unreachable, (await db.Visits.SingleAsync(v => v.Patient!.StudyId == oneMonth && v.Code == VisitCode.Month1)).MissedReason);
            var dead = await db.Patients.SingleAsync(p => p.StudyId == dying);
            Assert.Equal((VitalStatus.Dead, "疾病进展"), (dead.VitalStatus, dead.DeathCause));
        }
    }

    [Fact]
    public async Task On_a_tablet_in_chinese_the_worklist_and_the_entry_panel_hold_their_labels()
    {
        Layout.RequireChineseFont();
        var (_, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 91);
        var (_, dayOne) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 1);
        var page = await app.SignedInPageInLocaleAsync("zh-CN", Roles.Nurse);
        await page.SetViewportSizeAsync(820, 1180);
        await AppFixture.EmulateTouchAsync(page);
        await AppFixture.GotoInteractiveAsync(page, "/worklist");
        await Assertions.Expect(page.Locator("h4")).ToHaveTextAsync("随访工作列表");
        // Keys mean nothing on touch: the shortcuts button is hidden like the key hints.
        await Assertions.Expect(page.GetByTestId("shortcuts")).ToBeHiddenAsync();
        // The visit column holds the longest visit name whole.
        var dayOneVisit = RowOf(page, dayOne, "day1").Locator("td").Nth(1);
        await Assertions.Expect(dayOneVisit).ToHaveTextAsync("术后第 1 天");
        await Layout.AssertOnOneLineAsync(dayOneVisit);
        await Layout.AssertCellsHoldTheirTextAsync(page, ".worklist-table");
        await FormFields.AssertNoHorizontalScrollAsync(page);
        await ScreenshotAsync(page, "zh-worklist-820x1180.png");

        await RowOf(page, studyId, "3m").ClickAsync();
        await Assertions.Expect(page.GetByTestId("entry-panel")).ToContainTextAsync("VAS（0.0-10.0）");
        Assert.Equal("保存", (await page.GetByTestId("entry-save").InnerTextAsync()).Trim());
        await Layout.AssertCellsHoldTheirTextAsync(page, ".worklist-table");
        await FormFields.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "zh-entry-panel-820x1180.png"), FullPage = true });
    }

    [Fact]
    public async Task The_sign_in_page_follows_the_browsers_language()
    {
        Layout.RequireChineseFont();
        var chinese = await app.NewPageAsync(locale: "zh-CN");
        await chinese.GotoAsync("/account/login");
        await Assertions.Expect(chinese.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(chinese.Locator("h2")).ToHaveTextAsync("登录");
        await Assertions.Expect(chinese.Locator("label[for=username]")).ToHaveTextAsync("用户名");
        await Assertions.Expect(chinese.Locator("button[type=submit].account-button")).ToHaveTextAsync("登录");
        await ScreenshotAsync(chinese, "zh-login.png");

        var english = await app.NewPageAsync(locale: "en-US");
        await english.GotoAsync("/account/login");
        await Assertions.Expect(english.Locator("h2")).ToHaveTextAsync("Sign in");
        // Chosen on the sign-in page: the browser remembers it over its own language.
        await english.GetByTestId("language-zh-CN").ClickAsync();
        await Assertions.Expect(english.Locator("h2")).ToHaveTextAsync("登录");
    }
}
