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
        var page = await app.SignedInPageAsync(Roles.Surgeon);
        await AppFixture.GotoInteractiveAsync(page, $"/patients/{patientId}/procedure");
        var date = page.GetByTestId("procedure-date").Locator("input");
        await Assertions.Expect(date).Not.ToHaveValueAsync("");
        await date.ClickAsync();
        await page.Keyboard.TypeAsync(yesterday);
        await Assertions.Expect(date).ToHaveValueAsync(yesterday);
    }

    [Fact]
    public async Task The_not_found_page_sends_a_surgeon_to_the_patient_list_and_a_nurse_to_the_worklist()
    {
        var surgeon = await app.SignedInPageAsync(Roles.Surgeon);
        await AppFixture.GotoInteractiveAsync(surgeon, "/no-such-page");
        await Assertions.Expect(surgeon.GetByTestId("start-page-link")).ToHaveAttributeAsync("href", "/patients");
        await Assertions.Expect(surgeon.GetByTestId("start-page-link")).ToHaveTextAsync("patient list");
        await surgeon.ExpectNoSeriousViolationsAsync();

        var nurse = await app.SignedInPageAsync(Roles.Nurse);
        await AppFixture.GotoInteractiveAsync(nurse, "/no-such-page");
        await Assertions.Expect(nurse.GetByTestId("start-page-link")).ToHaveAttributeAsync("href", "/worklist");
    }
}
