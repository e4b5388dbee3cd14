using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data.Users;
using PvpRegistry.E2E.Infrastructure;

namespace PvpRegistry.E2E;

[Collection(AppCollection.Name)]
public class SessionTests(AppFixture app)
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
        var page = await app.SignedInPageAsync(Roles.Surgeon);
        await AppFixture.GotoInteractiveAsync(page, "/patients");
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
        var page = await app.SignedInPageAsync(Roles.Researcher);
        await AppFixture.GotoInteractiveAsync(page, "/dashboards");
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
}
