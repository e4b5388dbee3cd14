using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.E2E.Infrastructure;

namespace PvpRegistry.E2E;

[Collection(AppCollection.Name)]
public partial class WorklistTests(AppFixture app)
{
    [Fact]
    public async Task A_nurses_morning_by_keyboard_enters_scores_and_marks_a_visit_missed()
    {
        var (_, threeMonths) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 91);
        var (_, oneMonth) = await Seed.PatientAsync(app.Services, TreatmentGroup.PvpI125, procedureDaysAgo: 32);

        var page = await app.SignedInPageAsync(Roles.Nurse);
        await AppFixture.GotoInteractiveAsync(page, "/worklist");
        await Assertions.Expect(RowOf(page, threeMonths, "3m")).ToBeVisibleAsync();
        await Assertions.Expect(RowOf(page, oneMonth, "1m")).ToBeVisibleAsync();
        int laterBefore = await CountAsync(page, "later"), weekBefore = await CountAsync(page, "week");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "worklist-morning.png"), FullPage = true });

        // The 3-month visit: move to its row, Enter opens the entry, VAS, Tab, KPS, Enter saves.
        await WorklistKeys.FocusRowAsync(page, threeMonths, "3m");
        await page.Keyboard.PressAsync("Enter");
        var vas = page.Locator("[data-testid=vas] input, input[data-testid=vas]");
        await Assertions.Expect(vas).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("3.5");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("80");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "entry-panel.png"), FullPage = true });
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("last-saved")).ToContainTextAsync($"Saved VAS 3.5, KPS 80 for {threeMonths}, 3 months");
        await Assertions.Expect(RowOf(page, threeMonths, "3m")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("count-later")).ToHaveTextAsync($"Due later: {laterBefore - 1}");
        await Assertions.Expect(page.GetByTestId("entry-panel")).ToHaveCountAsync(0);
        // Focus goes on to a row of the list, ready for the next call (the list may redraw first: it follows every save).
        await page.WaitForFunctionAsync("() => document.activeElement?.dataset?.testid === 'worklist-row'", null, new PageWaitForFunctionOptions { Timeout = 5000 });

        // The 1-month visit: M opens "missed", type to choose the reason, Tab to the note, Enter saves.
        await WorklistKeys.FocusRowAsync(page, oneMonth, "1m");
        await page.Keyboard.PressAsync("m");
        await Assertions.Expect(page.Locator("#entry-missed-reason")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("u");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("No answer on three days");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("last-saved")).ToContainTextAsync($"Marked {oneMonth}, 1 month missed: unreachable");
        await Assertions.Expect(RowOf(page, oneMonth, "1m")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("count-week")).ToHaveTextAsync($"Due this week: {weekBefore - 1}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "worklist-after.png"), FullPage = true });

        // Esc cancels without saving.
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("entry-panel")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("entry-panel")).ToHaveCountAsync(0);

        // On a tablet the entry panel sits under the list; C opens a contact attempt with its time and phone fields.
        await page.SetViewportSizeAsync(820, 1180);
        await page.Keyboard.PressAsync("c");
        await Assertions.Expect(page.Locator("#entry-outcome")).ToBeFocusedAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "worklist-tablet-contact.png"), FullPage = true });
        await page.Keyboard.PressAsync("Escape");
        await page.SetViewportSizeAsync(1366, 900);

        // Stored as entered, by the nurse, from the phone.
        await using var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var saved = db.Assessments.Single(a => a.Visit!.Patient!.StudyId == threeMonths);
        Assert.Equal(3.5m, saved.Vas);
        Assert.Equal(80, saved.Kps);
        Assert.Equal(AssessmentSource.Phone, saved.Source);
        Assert.StartsWith("e2e-nurse", saved.EnteredBy);
        Assert.Equal(MissedReason.Unreachable, db.Visits.Single(v => v.Patient!.StudyId == oneMonth && v.Code == VisitCode.Month1).MissedReason);
    }

    private static ILocator RowOf(IPage page, string studyId, string visit) => page.Locator($"[data-testid=worklist-row][data-study='{studyId}'][data-visit='{visit}']");

    private static async Task<int> CountAsync(IPage page, string group)
    {
        var text = await page.GetByTestId($"count-{group}").InnerTextAsync();
        return int.Parse(Number().Match(text).Value);
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();
}
