using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Reports.Localization;
using PvpRegistry.Web.Features.Queries;
using PvpRegistry.Web.Features.Worklist;
using PvpRegistry.Web.Tests.Infrastructure;
using static PvpRegistry.Web.Tests.Infrastructure.TestPeople;

namespace PvpRegistry.Web.Tests.Features.Queries;

/// <summary>Corrections and queries through the real services on a real SQLite registry, and the entry form's dates.</summary>
public class CorrectionAndQueryTests : BunitTestBase, IClassFixture<RegistryWebFactory>
{
    private readonly RegistryWebFactory _factory;
    private ScoreEntryService Entry => _factory.Services.GetRequiredService<ScoreEntryService>();
    private QueryService Queries => _factory.Services.GetRequiredService<QueryService>();
    private DateOnly Today => _factory.Services.GetRequiredService<RegistryClock>().Today;

    public CorrectionAndQueryTests(RegistryWebFactory factory)
    {
        _factory = factory;
        Context.Services.AddSingleton(_ => Entry);
        Context.Services.AddSingleton(_ => _factory.Services.GetRequiredService<RegistryClock>());
    }

    [Fact]
    public async Task A_contact_attempt_is_corrected_with_a_reason_and_a_stale_correction_is_refused()
    {
        var (_, _, visitId) = await TreatedPatientAsync(_factory.Services, 91, VisitCode.Month3);
        await Entry.AddContactAttemptAsync(Nurse(), visitId, new ContactInput(ContactOutcome.NoAnswer, null));
        var attempt = (await Entry.LoadAsync(Nurse(), visitId))!.Contacts.Single();

        var noReason = await Assert.ThrowsAsync<ClinicalValidationException>(() =>
            Entry.CorrectContactAsync(Nurse(), attempt.Id, attempt.Version, new ContactCorrection(ContactOutcome.Reached, null, null)));
        Assert.Contains(noReason.Problems, p => p.Field == "Reason");

        await Entry.CorrectContactAsync(Nurse(), attempt.Id, attempt.Version, new ContactCorrection(ContactOutcome.Reached, null, "wrong button"));
        Assert.Equal(ContactOutcome.Reached, (await Entry.LoadAsync(Nurse(), visitId))!.Contacts.Single().Outcome);
        var stale = await Assert.ThrowsAsync<RecordChangedException>(() =>
            Entry.CorrectContactAsync(Nurse("nurse.bo"), attempt.Id, attempt.Version, new ContactCorrection(ContactOutcome.Refused, null, "late")));
        Assert.Contains("changed by nurse.ann", stale.Message);
    }

    [Fact]
    public async Task A_baseline_query_is_answered_by_the_surgeons_correction_on_the_edit_page_linked_to_its_audit_entry()
    {
        var (patientId, _, _) = await TreatedPatientAsync(_factory.Services, 91, VisitCode.Month3);
        var researcher = As("res.kim", Roles.Researcher);
        var id = await Queries.OpenAsync(researcher, patientId,
            new QueryTarget(nameof(Patient), patientId, nameof(Patient.PrimaryGrowth), "Primary tumour growth", ""), "Growth rapid in the notes?");
        var open = (await Queries.ListAsync(Surgeon(), QueryStatus.Open)).Single(r => r.View.Query.Id == id).View.Query;
        Assert.Equal(Roles.Surgeon, open.AnswerRole);

        // Not corrected yet: the answer by correction is refused and says what to do.
        var notYet = await Assert.ThrowsAsync<ClinicalValidationException>(() => Queries.AnswerByCorrectionAsync(Surgeon(), id, open.Version));
        Assert.Contains("correct it first", notYet.Problems.Single().Message);

        var patients = _factory.Services.GetRequiredService<PvpRegistry.Web.Features.Patients.PatientService>();
        var input = (await patients.LoadForEditAsync(Surgeon(), patientId))!;
        var before = input.PrimaryGrowth;
        input.PrimaryGrowth = before == PrimaryGrowth.Rapid ? PrimaryGrowth.Slow : PrimaryGrowth.Rapid;
        input.Reason = "growth class from the oncology letter";
        await patients.UpdateAsync(Surgeon(), patientId, input);

        await Queries.AnswerByCorrectionAsync(Surgeon(), id, open.Version);
        var answered = (await Queries.ListAsync(researcher)).Single(r => r.View.Query.Id == id).View;
        Assert.Equal(QueryStatus.Answered, answered.Query.Status);
        Assert.NotNull(answered.Query.CorrectionAuditId);
        Assert.StartsWith("Corrected: ", answered.Answer);
        Assert.Contains("reason: growth class from the oncology letter", answered.Answer);

        // A researcher who reads Chinese reads the surgeon's answer in Chinese, on the queries list and on the timeline:
        // it is worded from the correction's audit entry when read, not stored in the surgeon's language.
        var chinese = ReportText.Chinese;
        var (listed, timeline) = await InCultureAsync("zh-CN", async () => (
            (await Queries.ListAsync(researcher)).Single(r => r.View.Query.Id == id).View,
            (await _factory.Services.GetRequiredService<PvpRegistry.Web.Features.Patients.PatientTimelineService>().LoadAsync(researcher, patientId))!.Queries.Single(q => q.Query.Id == id)));
        var expected = $"已更正：{chinese.Growth(PrimaryGrowth.Moderate)} -> {chinese.Growth(PrimaryGrowth.Rapid)}，原因：growth class from the oncology letter";
        Assert.Equal(expected, listed.Answer);
        Assert.Equal(expected, timeline.Answer);
        // The query read keeps the answer as stored: the wording is the view's, never written into the query.
        Assert.StartsWith("Corrected: ", listed.Query.Answer);
        Assert.StartsWith("Corrected: ", timeline.Query.Answer);
    }

    [Fact]
    public async Task A_query_is_answered_by_a_reply_only_by_the_role_that_answers_it_and_closed_only_once_answered()
    {
        var (patientId, _, visitId) = await TreatedPatientAsync(_factory.Services, 91, VisitCode.Month3);
        var visit = (await Entry.LoadAsync(Nurse(), visitId))!;
        await Entry.RecordAssessmentAsync(Nurse(), visitId, visit.VisitVersion, new AssessmentInput(7m, 60, Today, AssessmentSource.Phone));
        var assessmentId = (await Entry.LoadAsync(Nurse(), visitId))!.Current!.Id;
        var researcher = As("res.kim", Roles.Researcher);

        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() =>
            Queries.OpenAsync(Nurse(), patientId, new QueryTarget(nameof(Assessment), assessmentId, "Kps", "3 months KPS", ""), "?"));
        var id = await Queries.OpenAsync(researcher, patientId, new QueryTarget(nameof(Assessment), assessmentId, "Kps", "3 months KPS", ""), "KPS 60 with VAS 7?");
        var (open, label, _) = (await Queries.ListAsync(Nurse(), QueryStatus.Open)).Single(r => r.View.Query.Id == id).View;
        Assert.Equal(Roles.Nurse, open.AnswerRole);
        // The value's label is worded for the reader from what the query is on, not kept in the raiser's words; the query
        // itself keeps the label it was raised with.
        Assert.Equal("3 months KPS", label);
        var inChinese = await InCultureAsync("zh-CN", async () => (await Queries.ListAsync(Nurse(), QueryStatus.Open)).Single(r => r.View.Query.Id == id).View);
        Assert.Equal(("术后 3 个月 KPS", "3 months KPS"), (inChinese.Label, inChinese.Query.TargetLabel));
        Assert.Empty(await Queries.ListAsync(Surgeon(), QueryStatus.Open));

        await Assert.ThrowsAsync<ClinicalValidationException>(() => Queries.CloseAsync(researcher, id, open.Version));
        await Assert.ThrowsAsync<ClinicalValidationException>(() => Queries.AnswerByCorrectionAsync(Nurse(), id, open.Version));
        // A nurse and a researcher reading Chinese are told what they did on the value in Chinese, not in the raiser's words.
        var replied = await InCultureAsync("zh-CN", () => Queries.ReplyAsync(Nurse(), id, open.Version, "Confirmed with the patient on the phone."));
        Assert.Equal("已回复关于术后 3 个月 KPS的数据质疑。", replied);
        var answered = (await Queries.ListAsync(researcher)).Single(r => r.View.Query.Id == id).View;
        Assert.Equal((QueryStatus.Answered, "3 months KPS"), (answered.Query.Status, answered.Label));
        var closed = await InCultureAsync("zh-CN", () => Queries.CloseAsync(researcher, id, answered.Query.Version));
        Assert.Equal("已关闭关于术后 3 个月 KPS的数据质疑。", closed);
        Assert.Equal(0, await Queries.OpenCountAsync());

        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var steps = await db.AuditTrail.Where(a => a.Entity == nameof(DataQuery) && a.RecordKey == key && (a.Action == "created" || a.Field == "Status"))
            .OrderBy(a => a.Id).Select(a => a.Action == "created" ? "created by " + a.User : a.NewValue + " by " + a.User).ToListAsync();
        Assert.Equal(["created by res.kim", "Answered by nurse.ann", "Closed by res.kim"], steps);
    }

    [Fact]
    public async Task An_overdue_visit_opens_with_an_empty_date_that_must_be_typed_and_alt_t_gives_today()
    {
        var (_, _, visitId) = await TreatedPatientAsync(_factory.Services, 130, VisitCode.Month3);
        var saved = new List<string>();
        Context.Render<MudPopoverProvider>();
        var panel = Context.Render<ScoreEntryPanel>(p => p.Add(x => x.VisitId, visitId).Add(x => x.User, Nurse()).Add(x => x.OnSaved, (string m) => saved.Add(m)));
        panel.WaitForElement("[data-testid=entry-form]");
        var date = panel.Find("[data-testid=assessment-date] input");
        Assert.Equal("", date.GetAttribute("value") ?? "");
        Assert.Contains("Today is outside the window", panel.Find("[data-testid=assessment-date]").TextContent);

        panel.Find("[data-testid=vas] input, input[data-testid=vas]").Input("3.0");
        await panel.Find("form").SubmitAsync();
        panel.WaitForAssertion(() => Assert.Contains("Enter the date of the assessment", panel.Find("[data-testid=assessment-date]").TextContent));
        Assert.Empty(saved);

        await panel.Find("[data-testid=entry-panel]").KeyDownAsync(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "t", AltKey = true });
        panel.WaitForAssertion(() => Assert.Equal(Today.ToString("yyyy-MM-dd"), panel.Find("[data-testid=assessment-date] input").GetAttribute("value")));
    }
}
