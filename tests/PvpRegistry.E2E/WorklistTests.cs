using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.FollowUp;
using PvpRegistry.E2E.Infrastructure;

namespace PvpRegistry.E2E;

[Collection(SecondAppCollection.Name)]
public partial class WorklistTests(SecondAppFixture app)
{
    [Fact]
    public async Task A_nurses_morning_by_keyboard_due_now_first_the_next_entry_opens_after_each_save_and_a_missed_visit_takes_four_keys()
    {
        var (_, threeMonths) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 91);
        var (_, oneMonth) = await Seed.PatientAsync(app.Services, TreatmentGroup.PvpI125, procedureDaysAgo: 32);
        var (_, dayOne) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 1);

        var page = await app.SignedInPageAtAsync("/worklist", Roles.Nurse);
        // Due now: the 3-month visit on its target date, the Day-1 visit whose window opened today, the 1-month visit past its target.
        var dueNow = page.GetByTestId("group-now");
        await Assertions.Expect(RowOf(dueNow, threeMonths, "3m")).ToBeVisibleAsync();
        await Assertions.Expect(RowOf(dueNow, dayOne, "day1")).ToBeVisibleAsync();
        await Assertions.Expect(RowOf(dueNow, oneMonth, "1m")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("count-soon")).ToContainTextAsync("Target within 7 days: ");
        await Assertions.Expect(page.GetByTestId("count-later")).ToContainTextAsync("Target later: ");
        int nowBefore = await CountAsync(page, "now");
        // The nurse phones: the name under the study ID, the MRN on hover; never in the address or the title.
        var name = RowOf(dueNow, threeMonths, "3m").GetByTestId("worklist-name");
        await Assertions.Expect(name).ToHaveTextAsync("Test Patient");
        await Assertions.Expect(name).ToHaveAttributeAsync("title", new Regex(@"^MRN E2E\w+$"));
        Assert.DoesNotContain("Test", await page.TitleAsync());
        Assert.DoesNotContain("Test", page.Url);
        await Assertions.Expect(page.Locator("[data-testid=worklist-row][aria-disabled=true]")).ToHaveCountAsync(0);

        // The 3-month visit: move to its row, Enter opens the entry, VAS, Tab, KPS, Enter saves.
        await WorklistKeys.FocusRowAsync(page, threeMonths, "3m");
        await page.Keyboard.PressAsync("Enter");
        var vas = FormFields.Input(page, "vas");
        await Assertions.Expect(vas).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("3.5");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("80");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("last-saved")).ToContainTextAsync($"Saved VAS 3.5, KPS 80 for {threeMonths}, 3 months");
        await Assertions.Expect(RowOf(page, threeMonths, "3m")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("count-now")).ToHaveTextAsync($"Due now: {nowBefore - 1}");
        // The next row's entry is open, ready for typing, with the confirmation just above it, in view.
        await Assertions.Expect(page.GetByTestId("entry-panel")).ToBeVisibleAsync();
        await Assertions.Expect(vas).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator(".worklist-panel [data-testid=last-saved]")).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("entry-panel")).ToHaveCountAsync(0);

        // The 1-month visit, missed: M opens "missed" on the reason drop-down, U chooses "unreachable", Enter saves from the drop-down.
        await WorklistKeys.FocusRowAsync(page, oneMonth, "1m");
        await page.Keyboard.PressAsync("m");
        await Assertions.Expect(page.Locator("#entry-missed-reason")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("u");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("last-saved")).ToContainTextAsync($"Marked {oneMonth}, 1 month missed: unreachable");
        await Assertions.Expect(RowOf(page, oneMonth, "1m")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("count-now")).ToHaveTextAsync($"Due now: {nowBefore - 2}");
        await Assertions.Expect(page.GetByTestId("entry-panel")).ToBeVisibleAsync();

        // Enter saves from the contact panel's drop-down too: C, a letter for the outcome, Enter.
        await page.Keyboard.PressAsync("Escape");
        await WorklistKeys.FocusRowAsync(page, dayOne, "day1");
        await page.Keyboard.PressAsync("c");
        await Assertions.Expect(page.Locator("#entry-outcome")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("n");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("last-saved")).ToContainTextAsync(dayOne);

        // Stored as entered, by the nurse, from the phone.
        await using var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var saved = db.Assessments.Single(a => a.Visit!.Patient!.StudyId == threeMonths);
        Assert.Equal((3.5m, 80, AssessmentSource.Phone), (saved.Vas!.Value, saved.Kps!.Value, saved.Source));
        Assert.StartsWith("e2e-nurse", saved.EnteredBy);
        Assert.Equal(MissedReason.Unreachable, db.Visits.Single(v => v.Patient!.StudyId == oneMonth && v.Code == VisitCode.Month1).MissedReason);
        var dayOneVisit = db.Visits.Single(v => v.Patient!.StudyId == dayOne && v.Code == VisitCode.Day1).Id;
        Assert.Equal(ContactOutcome.NoAnswer, db.ContactAttempts.Single(c => c.VisitId == dayOneVisit).Outcome);
    }

    [Fact]
    public async Task A_drop_down_opens_with_alt_down_or_space_where_enter_takes_the_highlighted_choice_and_the_next_enter_saves()
    {
        var (_, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 32);
        var page = await app.SignedInPageAtAsync("/worklist", Roles.Nurse);
        await WorklistKeys.FocusRowAsync(page, studyId, "1m");
        await page.Keyboard.PressAsync("m");
        var reason = page.Locator("#entry-missed-reason");
        await Assertions.Expect(reason).ToBeFocusedAsync();

        // Alt+Down opens the list: the arrow moves inside it, and Enter takes the highlighted reason without saving
        // (on a closed drop-down the arrow would choose and Enter would save at once).
        await page.Keyboard.PressAsync("Alt+ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(reason).ToHaveValueAsync(nameof(MissedReason.Unreachable));
        await Assertions.Expect(page.GetByTestId("entry-panel")).ToBeVisibleAsync();
        await Assertions.Expect(reason).ToBeFocusedAsync();
        Assert.True(await RowOf(page, studyId, "1m").CountAsync() == 1, "The visit was saved while the list was open.");

        // Space opens it again, from the chosen reason: one more arrow, Enter takes "refused".
        await page.Keyboard.PressAsync(" ");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(reason).ToHaveValueAsync(nameof(MissedReason.Refused));
        await Assertions.Expect(RowOf(page, studyId, "1m")).ToHaveCountAsync(1);

        // The list closed, Enter saves the form.
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("last-saved")).ToContainTextAsync($"Marked {studyId}, 1 month missed: refused");
        await Assertions.Expect(RowOf(page, studyId, "1m")).ToHaveCountAsync(0);
        await using var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        Assert.Equal(MissedReason.Refused, db.Visits.Single(v => v.Patient!.StudyId == studyId && v.Code == VisitCode.Month1).MissedReason);
    }

    [Fact]
    public async Task At_1366_by_768_columns_never_overlap_the_phone_stays_beside_the_panel_and_save_and_date_stay_in_view_with_errors()
    {
        var (_, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 91);
        var page = await app.SignedInLaptopPageAtAsync("/worklist", Roles.Nurse);
        await Layout.AssertCellsHoldTheirTextAsync(page, ".worklist-table");
        await FormFields.AssertNoHorizontalScrollAsync(page);

        await WorklistKeys.FocusRowAsync(page, studyId, "3m");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(FormFields.Input(page, "vas")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("entry-panel")).ToContainTextAsync("Enter VAS, KPS or both.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "worklist-1366x768-panel.png") });

        await Assertions.Expect(page.GetByTestId("entry-save")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Assertions.Expect(FormFields.Input(page, "assessment-date")).ToBeInViewportAsync(new() { Ratio = 1 });
        var phone = page.Locator($"[data-testid=worklist-row][data-study='{studyId}'][data-visit='3m'] [data-testid=worklist-phone]");
        // The shared app's other tests add overdue rows above this one: scrolled to, its phone shows whole, beside the panel.
        await phone.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(phone).ToBeInViewportAsync(new() { Ratio = 1 });
        var phoneBox = (await phone.BoundingBoxAsync())!;
        var panelBox = (await page.GetByTestId("entry-panel").BoundingBoxAsync())!;
        Assert.True(phoneBox.X + phoneBox.Width <= panelBox.X, $"The phone column ({phoneBox.X}+{phoneBox.Width}) runs under the panel at {panelBox.X}.");
        await Layout.AssertCellsHoldTheirTextAsync(page, ".worklist-table");
        await FormFields.AssertNoHorizontalScrollAsync(page);
    }

    [Fact]
    public async Task On_a_tablet_scores_bring_up_number_keypads_key_hints_are_hidden_and_columns_do_not_overlap()
    {
        var (_, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 91);
        var page = await app.SignedInPageAsync(Roles.Nurse);
        await page.SetViewportSizeAsync(820, 1180);
        await AppFixture.EmulateTouchAsync(page);
        await AppFixture.GotoInteractiveAsync(page, "/worklist");
        Assert.True(await page.EvaluateAsync<bool>("() => matchMedia('(hover: none), (pointer: coarse)').matches"), "The page does not see a touch screen.");
        await Layout.AssertCellsHoldTheirTextAsync(page, ".worklist-table");
        await FormFields.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "worklist-820x1180.png") });

        await page.Locator($"[data-testid=worklist-row][data-study='{studyId}'][data-visit='3m']").ClickAsync();
        await Assertions.Expect(FormFields.Input(page, "vas")).ToHaveAttributeAsync("inputmode", "decimal");
        await Assertions.Expect(FormFields.Input(page, "kps")).ToHaveAttributeAsync("inputmode", "numeric");
        // The buttons read as drawn (innerText leaves out what is hidden; the theme writes buttons in capitals).
        Assert.Equal("save", (await page.GetByTestId("entry-save").InnerTextAsync()).Trim().ToLowerInvariant());
        Assert.Equal("missed", (await page.GetByTestId("mode-missed").InnerTextAsync()).Trim().ToLowerInvariant());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "worklist-820x1180-panel.png"), FullPage = true });
    }

    [Fact]
    public async Task Rows_drawn_before_the_connection_is_up_show_that_they_do_not_take_keys_yet()
    {
        await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 91);
        var page = await app.SignedInPageAsync(Roles.Nurse);
        // The connection never comes up: the page stays as first drawn.
        AppFixture.DoNotReuse(page);
        await page.RouteAsync("**/_blazor/**", route => route.AbortAsync());
        await page.GotoAsync("/worklist");
        await Assertions.Expect(page.GetByTestId("worklist-connecting")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=worklist-row]").First).ToHaveAttributeAsync("aria-disabled", "true");
        await Assertions.Expect(page.Locator("[data-testid=worklist-row][aria-disabled=false]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_visit_whose_window_passed_long_ago_is_closed_as_missed_and_reopened_from_the_patient_page()
    {
        // Operated 115 days ago, nothing recorded: preop, day 1 and 1 month closed more than 30 days ago; the 3-month
        // window closed 10 days ago, inside the grace period.
        var (patientId, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 115);
        await app.Services.GetRequiredService<PassedWindowClosing>().CloseAsync();

        var page = await app.SignedInPageAtAsync("/worklist", Roles.Nurse);
        await Assertions.Expect(page.GetByTestId("worklist-counts")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"[data-testid=worklist-row][data-study='{studyId}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"[data-testid=worklist-row][data-study='{studyId}'][data-visit='3m']")).ToHaveCountAsync(1);

        await AppFixture.GotoInteractiveAsync(page, $"/patients/{patientId}");
        await Assertions.Expect(page.GetByTestId("visit-status-chip").Nth(1)).ToHaveTextAsync("Missed (window passed)");
        await page.GetByTestId("correct-day1").ClickAsync();
        await Assertions.Expect(page.GetByTestId("correction-panel")).ToContainTextAsync("Day 1");
        await FormFields.Input(page, "reason").FillAsync("She came to the clinic on day 1; the sheet is here");
        await page.GetByTestId("reopen-visit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("visit-status-chip").Nth(1)).ToHaveTextAsync("Overdue");

        // Back on the worklist, and not closed a second time.
        await app.Services.GetRequiredService<PassedWindowClosing>().CloseAsync();
        await AppFixture.GotoInteractiveAsync(page, "/worklist");
        await Assertions.Expect(page.Locator($"[data-testid=worklist-row][data-study='{studyId}'][data-visit='day1']")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_patients_list_shows_name_and_mrn_to_a_nurse_and_the_newest_patient_first()
    {
        var (_, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.PvpI125, procedureDaysAgo: null);
        var page = await app.SignedInPageAtAsync("/patients", Roles.Nurse);
        var grid = page.GetByTestId("patient-grid");
        await Assertions.Expect(grid.Locator("th")).ToContainTextAsync(["Study ID", "Name", "MRN"]);
        var first = grid.Locator("tbody tr").First;
        await Assertions.Expect(first).ToContainTextAsync(studyId);
        await Assertions.Expect(first).ToContainTextAsync("Test Patient");
        // On a laptop every column is in view, none scrolls sideways and every cell holds its text.
        await Layout.AssertNoSidewaysScrollAsync(page, "[data-testid=patient-grid]");
        await Layout.AssertCellsHoldTheirTextAsync(page, "[data-testid=patient-grid]");

        // On a tablet the columns scroll sideways, the study ID and the group each on one line, the study ID kept in view.
        await page.SetViewportSizeAsync(820, 1180);
        await Layout.AssertOnOneLineAsync(first.Locator("td").First);
        await Layout.AssertOnOneLineAsync(first.Locator("td", new() { HasText = "PVP + 125I" }));
        var scrolled = await grid.EvaluateAsync<double[]>("""
            grid => {
                const box = grid.querySelector('.mud-table-container');
                box.scrollLeft = box.scrollWidth;
                return [box.scrollLeft, grid.querySelector('tbody tr td').getBoundingClientRect().left - box.getBoundingClientRect().left];
            }
            """);
        Assert.True(scrolled[0] > 0, "the patients list fits a tablet without scrolling: check the study ID's place another way");
        Assert.True(scrolled[1] >= -1, $"the study ID scrolled out of view ({scrolled[1]} px)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotFolder, "patients-820x1180-scrolled.png") });

        var researcher = await app.SignedInPageAtAsync("/patients", Roles.Researcher);
        await Assertions.Expect(researcher.GetByTestId("patient-grid").Locator("tbody tr").First).ToContainTextAsync(studyId);
        await Assertions.Expect(researcher.GetByTestId("patient-grid")).Not.ToContainTextAsync("Test Patient");
    }

    private static ILocator RowOf(IPage page, string studyId, string visit) => page.Locator($"[data-testid=worklist-row][data-study='{studyId}'][data-visit='{visit}']");

    private static ILocator RowOf(ILocator group, string studyId, string visit) => group.Locator($"[data-testid=worklist-row][data-study='{studyId}'][data-visit='{visit}']");

    private static async Task<int> CountAsync(IPage page, string group)
    {
        var text = await page.GetByTestId($"count-{group}").InnerTextAsync();
        return int.Parse(Number().Match(text).Value);
    }

    [GeneratedRegex(@"\d+$")]
    private static partial Regex Number();
}
