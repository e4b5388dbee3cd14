using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Quality;
using PvpRegistry.Web.Features.Patients;
using PvpRegistry.Web.Features.Worklist;
using PvpRegistry.Web.Tests.Infrastructure;
using static PvpRegistry.Web.Tests.Infrastructure.TestPeople;

namespace PvpRegistry.Web.Tests.Features.Quality;

/// <summary>Nothing is filled in for the user: the death date and the eligibility answers start empty and must be given.</summary>
public class FormsStartEmptyTests : BunitTestBase, IClassFixture<EmptyRegistryWebFactory>
{
    private readonly EmptyRegistryWebFactory _factory;
    private ScoreEntryService Entry => _factory.Services.GetRequiredService<ScoreEntryService>();

    public FormsStartEmptyTests(EmptyRegistryWebFactory factory)
    {
        _factory = factory;
        Context.Services.AddSingleton(_ => Entry);
        Context.Services.AddSingleton(_ => factory.Services.GetRequiredService<RegistryClock>());
        Context.Services.AddSingleton(_ => factory.Services.GetRequiredService<PatientService>());
        Context.Services.AddSingleton(_ => factory.Services.GetRequiredService<DataQuality>());
        Context.Services.AddSingleton(new Flash());
    }

    [Fact]
    public async Task The_death_date_starts_empty_is_required_and_alt_t_gives_today()
    {
        var (_, _, visitId) = await TreatedPatientAsync(_factory.Services, 91, VisitCode.Month3);
        var saved = new List<string>();
        Context.Render<MudPopoverProvider>();
        var panel = Context.Render<ScoreEntryPanel>(p => p.Add(x => x.VisitId, visitId).Add(x => x.User, Nurse())
            .Add(x => x.Mode, EntryMode.VitalStatus).Add(x => x.OnSaved, (string m) => saved.Add(m)));
        panel.WaitForElement("[data-testid=entry-form]");
        panel.Find("[data-testid=vital-kind]").Change(VitalStatusEventKind.Death.ToString());
        Assert.Equal("", panel.Find("[data-testid=vital-date] input").GetAttribute("value") ?? "");

        await panel.Find("form").SubmitAsync();
        panel.WaitForAssertion(() => Assert.Contains("Enter the date as YYYY-MM-DD, or Alt+T for today.", panel.Find("[data-testid=vital-date]").TextContent));
        Assert.Empty(saved);
        Assert.Equal(VitalStatus.Alive, (await Entry.LoadAsync(Nurse(), visitId))!.VitalStatus);

        var today = _factory.Services.GetRequiredService<RegistryClock>().Today;
        await panel.Find("[data-testid=entry-panel]").KeyDownAsync(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "t", AltKey = true });
        panel.WaitForAssertion(() => Assert.Equal(today.ToString("yyyy-MM-dd"), panel.Find("[data-testid=vital-date] input").GetAttribute("value")));
        await panel.Find("form").SubmitAsync();
        panel.WaitForAssertion(() => Assert.Single(saved));
        var entry = (await Entry.LoadAsync(Nurse(), visitId))!;
        Assert.Equal((VitalStatus.Dead, today), (entry.VitalStatus, entry.ExitDate));
    }

    [Fact]
    public void The_new_patient_form_shows_every_eligibility_criterion_unanswered()
    {
        Context.AddAuthorization().SetAuthorized("dr.li").SetRoles(Roles.Surgeon);
        Context.Render<MudPopoverProvider>();
        var form = Context.Render<PatientForm>();
        form.WaitForElement("[data-testid=eligibility]");

        var criteria = form.FindAll("[data-testid^=criterion-]");
        Assert.Equal(Eligibility.Criteria.Select(c => $"criterion-{c.Name}").Order(), criteria.Select(c => c.GetAttribute("data-testid")!).Order());
        Assert.All(criteria, c => Assert.Contains("Not answered", c.TextContent));
        Assert.All(criteria, c => Assert.Empty(c.QuerySelectorAll("input[type=radio]:checked")));
        Assert.Equal(2 * Eligibility.Criteria.Count, criteria.Sum(c => c.QuerySelectorAll("input[type=radio]").Length));
    }
}
