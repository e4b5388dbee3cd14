using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.E2E.Infrastructure;

namespace PvpRegistry.E2E;

[Collection(AppCollection.Name)]
public class SurgeonFormTests(AppFixture app)
{
    [Fact]
    public async Task Clicking_the_prefilled_procedure_date_selects_it_so_typing_replaces_it()
    {
        var (patientId, _) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: null);
        var yesterday = app.Services.GetRequiredService<RegistryClock>().Today.AddDays(-1).ToString("yyyy-MM-dd");
        var page = await app.SignedInPageAtAsync($"/patients/{patientId}/procedure", Roles.Surgeon);
        var date = page.GetByTestId("procedure-date").Locator("input");
        await Assertions.Expect(date).Not.ToHaveValueAsync("");
        await date.ClickAsync();
        await page.Keyboard.TypeAsync(yesterday);
        await Assertions.Expect(date).ToHaveValueAsync(yesterday);
    }

    [Fact]
    public async Task Preop_scores_typed_with_the_procedure_keep_the_preop_visit_off_the_worklist()
    {
        var (patientId, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: null);
        var today = app.Services.GetRequiredService<RegistryClock>().Today;
        var page = await app.SignedInPageAtAsync($"/patients/{patientId}/procedure", Roles.Surgeon);
        await FormFields.Input(page, "procedure-date").FillAsync(today.AddDays(-1).ToString("yyyy-MM-dd"));
        await page.GetByTestId("level-L3").ClickAsync();
        await FormFields.Input(page, "cement-L3").FillAsync("4");
        await Assertions.Expect(FormFields.Input(page, "preop-date")).ToHaveValueAsync("");
        // Typed and left by Tab, as a surgeon does: the label stays above the value.
        await FormFields.Input(page, "preop-vas").FocusAsync();
        await page.Keyboard.TypeAsync("12");
        await Layout.AssertLabelStaysRaisedWhenLeftByTabAsync(page);
        await FormFields.Input(page, "preop-kps").FillAsync("70");
        await FormFields.Input(page, "preop-date").FillAsync(today.AddDays(-3).ToString("yyyy-MM-dd"));
        await page.GetByTestId("save-procedure").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-input-control:has([data-testid=preop-vas])")).ToContainTextAsync("VAS must be between 0.0 and 10.0 (got 12)");

        // Saved by a person's click straight after the correction: the press leaves the corrected field (its change
        // reaches the server), the release comes a moment later. Were the refusals taken away as the field is left, the
        // form would move up under the pointer between press and release and the click would land beside the button,
        // lost without a word.
        await FormFields.Input(page, "preop-vas").FillAsync("7.5");
        Assert.Equal(0, await FormFields.ClickByHandAsync(page, page.GetByTestId("save-procedure")));
        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync($"Procedure recorded for {studyId}");
        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync("preop VAS 7.5, KPS 70 saved");

        var nurse = await app.SignedInPageAtAsync("/worklist", Roles.Nurse);
        await Assertions.Expect(nurse.Locator($"[data-testid=worklist-row][data-study='{studyId}'][data-visit='day1']")).ToBeVisibleAsync();
        await Assertions.Expect(nurse.Locator($"[data-testid=worklist-row][data-study='{studyId}'][data-visit='preop']")).ToHaveCountAsync(0);

        await AppFixture.GotoInteractiveAsync(page, $"/patients/{patientId}/procedure");
        await Assertions.Expect(page.GetByTestId("preop-saved")).ToContainTextAsync($"VAS 7.5, KPS 70 on {today.AddDays(-3):yyyy-MM-dd}");
        await Assertions.Expect(page.GetByTestId("preop-vas")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_not_found_page_sends_a_surgeon_to_the_patient_list_and_a_nurse_to_the_worklist()
    {
        var surgeon = await app.SignedInPageAtAsync("/no-such-page", Roles.Surgeon);
        await Assertions.Expect(surgeon.GetByTestId("start-page-link")).ToHaveAttributeAsync("href", "/patients");
        await Assertions.Expect(surgeon.GetByTestId("start-page-link")).ToHaveTextAsync("patient list");
        await surgeon.ExpectNoSeriousViolationsAsync();

        var nurse = await app.SignedInPageAtAsync("/no-such-page", Roles.Nurse);
        await Assertions.Expect(nurse.GetByTestId("start-page-link")).ToHaveAttributeAsync("href", "/worklist");
    }
}
