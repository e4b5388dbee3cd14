using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data.Users;
using PvpRegistry.E2E.Infrastructure;

namespace PvpRegistry.E2E;

[Collection(SecondAppCollection.Name)]
public class SessionTests(SecondAppFixture app)
{
    [Fact]
    public async Task An_open_page_of_an_account_disabled_meanwhile_goes_to_the_sign_in_page_at_the_next_check_and_the_kept_cookie_opens_no_page()
    {
        var (page, name) = await app.SignedInAccountAsync(null, Roles.Surgeon);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/patients$"));
        await using (var scope = app.Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<UserAccounts>().SetDisabledAsync(name, true, "e2e-admin")).Succeeded);

        // The circuit re-checks the account every 2 s here (every minute by default): the page's session ends and the
        // page goes to the sign-in page by itself, saying why, with the way back to where it was.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/account/login\?ended=session&returnUrl=%2Fpatients$"), new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("login-notice")).ToContainTextAsync("Your session has ended");
        // The next action with the kept cookie is refused: it leads to the sign-in page.
        await page.GotoAsync("/patients");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
    }

    [Fact]
    public async Task Pasting_100000_characters_into_a_field_keeps_the_page_connected_with_the_text_cut_to_the_column_length()
    {
        var page = await app.SignedInPageAtAsync("/patients", Roles.Surgeon);
        var search = FormFields.Input(page, "patient-search");
        await search.FillAsync(new string('a', 100_000));
        Assert.Equal(ClinicalLimits.NameMaxLength, (await search.InputValueAsync()).Length);

        // The circuit is alive: the page still answers and navigates.
        await page.GetByTestId("nav").GetByText("Dashboards").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/dashboards$"));
        await Assertions.Expect(page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
    }

    [Fact]
    public async Task Pasting_100000_characters_into_a_date_box_without_a_length_limit_is_cut_with_a_message_and_the_page_stays_connected()
    {
        var page = await app.SignedInPageAtAsync("/dashboards", Roles.Researcher);
        var summary = page.GetByTestId("cohort-summary");
        await Assertions.Expect(summary).ToContainTextAsync("analysed", new() { Timeout = 15_000 });
        // A date box is free text with no maxlength: 100,000 characters are well over the connection's 32 KB message limit.
        var from = page.Locator("#filter-from");
        await from.FillAsync(new string('x', 100_000));
        await from.PressAsync("Tab");

        // The text is cut to what one message carries, and the page says so.
        await Assertions.Expect(page.GetByTestId("input-too-long")).ToContainTextAsync("too long to send");
        var kept = (await from.InputValueAsync()).Length;
        Assert.InRange(kept, 1_000, PvpRegistry.Web.WebSetup.HubMessageMaxBytes / 2);
        // The page is still connected: the server read the cut text and answers for it, and a date typed next filters.
        await Assertions.Expect(page.GetByTestId("filter-date-error")).ToContainTextAsync("is not a date");
        await from.FillAsync("2999-01-01");
        await from.PressAsync("Tab");
        await Assertions.Expect(summary).ToContainTextAsync("n = 0 analysed");
        await Assertions.Expect(page.GetByTestId("filter-date-error")).ToHaveCountAsync(0);
    }
    [Theory]
    [InlineData("en-US", "Rejoining the server", "The server closed the connection because this page sent it", "more than the 32 KB one message may carry", "Failed to rejoin")]
    [InlineData("zh-CN", "正在重新连接服务器", "服务器断开了连接，因为本页面一次发送了", "超过了单条消息上限 32 KB", "重新连接失败")]
    public async Task A_message_over_the_connection_limit_that_got_past_the_cut_is_named_with_the_limit_in_the_reconnect_dialog_and_after_rejoining(
        string locale, string rejoining, string cause, string limit, string otherState)
    {
        var page = await app.SignedInPageInLocaleAtAsync(locale, "/dashboards", Roles.Researcher);
        // What the reconnect dialog says each time it opens.
        await page.EvaluateAsync("""
            () => {
                window.reconnectDialogTexts = [];
                const dialog = document.getElementById('components-reconnect-modal');
                dialog.addEventListener('components-reconnect-state-changed', e => {
                    if (e.detail.state === 'show') window.reconnectDialogTexts.push(dialog.innerText);
                });
            }
            """);
        // 100,000 characters sent with no input event (a script, an extension), so the cut of typed text does not see them:
        // one message of about 200 KB, over the connection's limit, and the server closes the connection.
        await page.Locator("#filter-from").EvaluateAsync("(box, n) => { box.value = 'x'.repeat(n); box.dispatchEvent(new Event('change', { bubbles: true })); }", 100_000);

        // The page rejoins by itself and says why it was cut off, with the limit, and that the last change was lost.
        var notice = page.GetByTestId("input-too-long");
        await Assertions.Expect(notice).ToContainTextAsync(cause);
        await Assertions.Expect(notice).ToContainTextAsync(limit);
        await Assertions.Expect(page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
        var dialogTexts = await page.EvaluateAsync<string[]>("() => window.reconnectDialogTexts");
        // The dialog in the user's language, its rejoining state only (the other states' texts hidden), with the cause.
        Assert.Contains(dialogTexts, text => text.Contains(rejoining) && text.Contains(cause) && text.Contains(limit) && !text.Contains(otherState));
        // And the page answers again: a date typed next filters the cohort.
        var from = page.Locator("#filter-from");
        await from.FillAsync("2999-01-01");
        await from.PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("cohort-summary")).ToContainTextAsync("n = 0");
    }
}
