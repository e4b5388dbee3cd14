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
        var page = await app.SignedInPageAsync(Roles.Researcher);
        await AppFixture.GotoInteractiveAsync(page, "/reports");
        await page.GetByTestId("report-generate").ClickAsync();
        var link = page.GetByTestId("report-download");
        await Assertions.Expect(link).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // Other browser tests add patients to the shared app, so the count is at least the demo cohort's 62.
        await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex(@"Report ready: (6[2-9]|[7-9]\d) patients"))).ToBeVisibleAsync();
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

    [Fact]
    public async Task A_nurse_is_refused_the_reports_page_and_the_report_download()
    {
        var page = await app.SignedInPageAsync(Roles.Nurse);
        await page.GotoAsync("/reports");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/access-denied"));
        await Assertions.Expect(page.GetByTestId("report-generate")).ToHaveCountAsync(0);
        var response = await page.Context.APIRequest.GetAsync("/reports/study.pdf");
        Assert.Equal(403, response.Status);
    }
}
