using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.E2E.Infrastructure;

namespace PvpRegistry.E2E;

[Collection(AppCollection.Name)]
public class ReportTests(AppFixture app)
{
    [Fact]
    public async Task A_researcher_generates_the_study_report_on_the_reports_page_and_downloads_the_pdf()
    {
        var page = await app.SignedInPageAtAsync("/reports", Roles.Researcher);
        await page.GetByTestId("report-generate").ClickAsync();
        var link = page.GetByTestId("report-download");
        await Assertions.Expect(link).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // Other browser tests add patients to the shared app, so the count is at least the demo cohort's 62.
        await Assertions.Expect(page.GetByText(new Regex(@"Report ready: (6[2-9]|[7-9]\d) patients"))).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "reports.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.EndsWith(".pdf", download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), $"e2e-report-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(file);
        try
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
            Assert.True(bytes.Length > 50_000, $"{bytes.Length} bytes");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("de-DE")]
    public async Task The_cohort_dates_are_shown_and_typed_as_yyyy_mm_dd_whatever_the_browser_locale(string locale)
    {
        var page = await app.SignedInPageInLocaleAtAsync(locale, "/reports", Roles.Researcher);
        var from = page.Locator("#report-from");
        var to = page.Locator("#report-to");
        await Assertions.Expect(from).ToHaveAttributeAsync("placeholder", "YYYY-MM-DD");

        // Picked from the calendar: shown as YYYY-MM-DD.
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).First.ClickAsync();
        await page.Locator(".mud-picker-calendar-day:not(.mud-hidden):not([disabled])").GetByText("15", new() { Exact = true }).First.ClickAsync();
        await Assertions.Expect(from).ToHaveValueAsync(new Regex(@"^\d{4}-\d{2}-15$"));

        // Typed in the browser's own form: refused, with what to type.
        var localeForm = locale == "de-DE" ? "31.12.2000" : "12/31/2000";
        await to.FillAsync(localeForm);
        await to.PressAsync("Tab");
        await Assertions.Expect(page.GetByText("Type as YYYY-MM-DD")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, $"reports-date-refused-{locale}.png") });

        // Typed as YYYY-MM-DD: taken, and the report is of the patients enrolled in the range.
        await from.FillAsync("2000-01-01");
        await from.PressAsync("Tab");
        await to.FillAsync("2999-12-31");
        await to.PressAsync("Tab");
        await Assertions.Expect(from).ToHaveValueAsync("2000-01-01");
        await Assertions.Expect(to).ToHaveValueAsync("2999-12-31");
        await Assertions.Expect(page.GetByText("Type as YYYY-MM-DD")).ToHaveCountAsync(0);
        await page.GetByTestId("report-generate").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-download")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByText(new Regex(@"Report ready: (6[2-9]|[7-9]\d) patients"))).ToBeVisibleAsync();
        await page.Mouse.MoveAsync(0, 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, $"reports-dates-{locale}.png"), FullPage = true });

        await to.FillAsync("2000-01-02");
        await to.PressAsync("Tab");
        await page.GetByTestId("report-generate").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-error")).ToContainTextAsync("No patients match");
    }

    [Fact]
    public async Task A_nurse_is_refused_the_reports_page_and_the_report_download()
    {
        var page = await app.SignedInPageAsync(Roles.Nurse);
        await page.GotoAsync("/reports");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/access-denied"));
        await Assertions.Expect(page.GetByTestId("report-generate")).ToHaveCountAsync(0);
        var response = await page.Context.APIRequest.GetAsync("/reports/study.pdf");
        Assert.Equal(403, response.Status);
    }
}
