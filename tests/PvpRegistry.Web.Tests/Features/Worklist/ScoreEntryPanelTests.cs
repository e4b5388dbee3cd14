using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Web.Features.Worklist;
using PvpRegistry.Web.Tests.Infrastructure;
using static PvpRegistry.Web.Tests.Infrastructure.TestPeople;

namespace PvpRegistry.Web.Tests.Features.Worklist;

/// <summary>The entry panel against the real services on a real SQLite registry.</summary>
public class ScoreEntryPanelTests : BunitTestBase, IClassFixture<RegistryWebFactory>
{
    private readonly RegistryWebFactory _factory;

    public ScoreEntryPanelTests(RegistryWebFactory factory)
    {
        _factory = factory;
        Context.Services.AddSingleton(_ => _factory.Services.GetRequiredService<ScoreEntryService>());
        Context.Services.AddSingleton(_ => _factory.Services.GetRequiredService<RegistryClock>());
    }

    private async Task<(IRenderedComponent<ScoreEntryPanel> Panel, int VisitId, List<string> Saved)> OpenAsync(string nurse = "nurse.ann")
    {
        var (_, _, visitId) = await TreatedPatientAsync(_factory.Services, 91, VisitCode.Month3);
        var saved = new List<string>();
        Context.Render<MudPopoverProvider>();
        var panel = Context.Render<ScoreEntryPanel>(p => p
            .Add(x => x.VisitId, visitId).Add(x => x.User, Nurse(nurse))
            .Add(x => x.OnSaved, (string m) => saved.Add(m)));
        panel.WaitForElement("[data-testid=entry-form]");
        return (panel, visitId, saved);
    }

    private static void Type(IRenderedComponent<ScoreEntryPanel> panel, string testId, string value) =>
        panel.Find($"[data-testid={testId}] input, input[data-testid={testId}]").Input(value);

    [Fact]
    public async Task Out_of_range_entries_get_messages_next_to_their_fields_and_nothing_is_saved()
    {
        var (panel, _, saved) = await OpenAsync();
        Type(panel, "vas", "12");
        Type(panel, "kps", "85");
        await panel.Find("form").SubmitAsync();
        panel.WaitForAssertion(() => Assert.Contains("VAS must be between 0.0 and 10.0 (got 12)", panel.Markup));
        Assert.Contains("KPS goes in steps of 10 (got 85)", panel.Markup);
        Assert.Contains("Please correct the marked fields.", panel.Find("[data-testid=entry-error]").TextContent);
        Assert.Empty(saved);

        Type(panel, "vas", "abc");
        Type(panel, "kps", "");
        await panel.Find("form").SubmitAsync();
        panel.WaitForAssertion(() => Assert.Contains("Type VAS as a number from 0.0 to 10.0", panel.Markup));
        Assert.Empty(saved);
    }

    [Fact]
    public async Task An_empty_entry_asks_for_a_score_and_a_date_out_of_the_window_is_flagged_not_refused()
    {
        var (panel, _, saved) = await OpenAsync();
        await panel.Find("form").SubmitAsync();
        panel.WaitForAssertion(() => Assert.Contains("Enter VAS, KPS or both.", panel.Markup));

        var today = _factory.Services.GetRequiredService<RegistryClock>().Today;
        Type(panel, "vas", "4.5");
        panel.Find("[data-testid=assessment-date] input").Change(today.AddDays(-30).ToString("yyyy-MM-dd"));
        panel.WaitForElement("[data-testid=out-of-window]");
        await panel.Find("form").SubmitAsync();
        panel.WaitForAssertion(() => Assert.Single(saved));
        Assert.Contains("Flagged out of window", saved[0]);
    }

    [Fact]
    public async Task A_save_after_another_nurse_saved_the_same_visit_shows_who_changed_what()
    {
        var (panel, visitId, saved) = await OpenAsync("nurse.bo");
        var service = _factory.Services.GetRequiredService<ScoreEntryService>();
        var other = (await service.LoadAsync(Nurse("nurse.ann"), visitId))!;
        await service.RecordAssessmentAsync(Nurse("nurse.ann"), visitId, other.VisitVersion, new AssessmentInput(6m, 70, other.Today, AssessmentSource.Clinic));

        Type(panel, "vas", "3");
        Type(panel, "kps", "80");
        await panel.Find("form").SubmitAsync();
        panel.WaitForAssertion(() => Assert.Contains("changed by nurse.ann", panel.Find("[data-testid=entry-error]").TextContent));
        Assert.Contains("added an assessment (VAS 6.0, KPS 70", panel.Find("[data-testid=entry-error]").TextContent);
        Assert.Empty(saved);
        // The panel now shows what is saved, so the nurse decides with the current values in front of her.
        Assert.Contains("Saved: VAS 6.0, KPS 70", panel.Markup);
    }

    [Fact]
    public async Task A_contact_attempt_takes_a_typed_time_and_a_corrected_phone_number()
    {
        var (panel, visitId, saved) = await OpenAsync();
        await panel.Find("[data-testid=mode-contact]").ClickAsync(new());
        panel.WaitForElement("[data-testid=contact-outcome]");
        var now = panel.Find("[data-testid=contact-time] input, input[data-testid=contact-time]").GetAttribute("value");
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", now);

        panel.Find("[data-testid=contact-outcome]").Change(ContactOutcome.Reached.ToString());
        Type(panel, "contact-time", "yesterday at nine");
        await panel.Find("form").SubmitAsync();
        panel.WaitForAssertion(() => Assert.Contains("Type the time of the call as YYYY-MM-DD HH:MM", panel.Markup));
        Assert.Empty(saved);

        var today = _factory.Services.GetRequiredService<RegistryClock>().Today;
        Type(panel, "contact-time", $"{today.AddDays(-1):yyyy-MM-dd} 08:15");
        Type(panel, "contact-phone", "+44 20 7946 0958");
        await panel.Find("form").SubmitAsync();
        panel.WaitForAssertion(() => Assert.True(saved.Count == 1, panel.FindAll("[data-testid=entry-error]").FirstOrDefault()?.TextContent));
        Assert.Contains("Phone number now +44 20 7946 0958", saved[0]);
        var entry = (await _factory.Services.GetRequiredService<ScoreEntryService>().LoadAsync(Nurse(), visitId))!;
        Assert.Equal("+44 20 7946 0958", entry.Phone);
        var zone = _factory.Services.GetRequiredService<RegistryClock>().Zone;
        Assert.Equal(today.AddDays(-1).ToDateTime(new TimeOnly(8, 15)), TimeZoneInfo.ConvertTimeFromUtc(entry.Contacts.Single().AtUtc, zone));
    }
}
