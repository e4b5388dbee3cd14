using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.E2E.Infrastructure;

namespace PvpRegistry.E2E;

/// <summary>
/// The clinical screens in Chinese on a laptop (1366x768) and a tablet (820x1180): the patient page and the procedure
/// form hold their labels whole, nothing scrolls sideways, and no date breaks at its hyphen (the worklist's and the
/// patient page's visit windows on the tablet). Screenshots of each are kept to be looked at.
/// </summary>
[Collection(AppCollection.Name)]
public class ChineseClinicalScreensTests(AppFixture app)
{
    private static readonly (int Width, int Height)[] Sizes = [(1366, 768), (820, 1180)];

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, name), FullPage = true });

    [Fact]
    public async Task In_chinese_the_patient_page_and_the_procedure_form_hold_their_labels_and_dates_stay_whole_on_a_laptop_and_a_tablet()
    {
        Layout.RequireChineseFont();
        var (id, _) = await Seed.PatientAsync(app.Services, TreatmentGroup.PvpI125, procedureDaysAgo: 91);
        var today = app.Services.GetRequiredService<RegistryClock>().Today;
        await Seed.ScoresAsync(app.Services, id, VisitCode.Day1, 6.5m, 60, today.AddDays(-90));
        var page = await app.SignedInPageInLocaleAsync("zh-CN", Roles.Surgeon, Roles.Nurse);

        foreach (var (width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            await AppFixture.GotoInteractiveAsync(page, $"/patients/{id}");
            await Assertions.Expect(page.GetByTestId("visit-table")).ToContainTextAsync("术后第 1 天");
            await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("术后第 1 天：VAS 6.5，KPS 60");
            await Assertions.Expect(page.GetByTestId("procedure-button")).ToHaveTextAsync("更正手术");
            await Layout.AssertCellsHoldTheirTextAsync(page, "[data-testid=visit-table]");
            await Layout.AssertDatesUnbrokenAsync(page, "[data-testid=visit-table], [data-testid=timeline], [data-testid=patient-facts]");
            await FormFields.AssertNoHorizontalScrollAsync(page);
            await ScreenshotAsync(page, $"zh-patient-{width}x{height}.png");

            await AppFixture.GotoInteractiveAsync(page, $"/patients/{id}/procedure");
            await Assertions.Expect(page.Locator("h4")).ToContainTextAsync("更正手术");
            await Assertions.Expect(page.GetByTestId("cement-total")).ToContainTextAsync("骨水泥总量：4.5 mL");
            await Layout.AssertLabelsWholeAsync(page);
            await FormFields.AssertNoHorizontalScrollAsync(page);
            await ScreenshotAsync(page, $"zh-procedure-{width}x{height}.png");
        }

        // The worklist's visit windows on the tablet: the column wraps between the dates, never inside one.
        await AppFixture.GotoInteractiveAsync(page, "/worklist");
        await Assertions.Expect(page.Locator("h4")).ToHaveTextAsync("随访工作列表");
        await Layout.AssertDatesUnbrokenAsync(page, ".worklist-table");
        await ScreenshotAsync(page, "zh-worklist-dates-820x1180.png");
    }
}
