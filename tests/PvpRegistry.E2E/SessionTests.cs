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
}
