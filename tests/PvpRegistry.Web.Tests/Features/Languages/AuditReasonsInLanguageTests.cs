using System.Globalization;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.FollowUp;
using PvpRegistry.Data.Users;
using PvpRegistry.Web.Features.Audit;
using PvpRegistry.Web.Features.Patients;
using PvpRegistry.Web.Tests.Infrastructure;
using static PvpRegistry.Web.Tests.Infrastructure.TestPeople;

namespace PvpRegistry.Web.Tests.Features.Languages;

/// <summary>
/// The reasons the registry writes in the audit trail (a visit closed as "window passed", a failed sign-in) read in the
/// reader's language on the timeline and the audit page, also on lines written before they were coded; the reasons
/// people type read as typed; the CSV export keeps the English.
/// </summary>
public sealed class AuditReasonsInLanguageTests(RegistryWebFactory factory) : BunitTestBase, IClassFixture<RegistryWebFactory>, IAsyncLifetime
{
    private readonly RegistryWebFactory _factory = factory;
    private readonly CultureInfo _culture = CultureInfo.CurrentUICulture;

    async Task IAsyncLifetime.DisposeAsync()
    {
        CultureInfo.CurrentUICulture = _culture;
        await DisposeAsync();
    }

    private async Task<List<string>> TimelineEditsAsync(string culture, int patientId) =>
        await InCultureAsync(culture, async () => (await _factory.Services.GetRequiredService<PatientTimelineService>().LoadAsync(Surgeon(), patientId))!
            .Events.Where(e => e.Kind == TimelineKind.Edit).Select(e => e.Title).ToList());

    [Fact]
    public async Task A_visit_the_registry_closed_as_window_passed_reads_its_reason_in_the_readers_language_on_the_timeline()
    {
        // Operated 120 days ago, nothing recorded after: the 1-month visit is past its window and the grace period.
        var (patientId, _, _) = await TreatedPatientAsync(_factory.Services, 120, VisitCode.Month1);
        var closing = _factory.Services.GetRequiredService<PassedWindowClosing>();
        Assert.True(await closing.CloseAsync() > 0);

        var chinese = await TimelineEditsAsync("zh-CN", patientId);
        Assert.Contains(chinese, line => line.EndsWith($"，原因：时间窗已过：时间窗结束 {closing.GraceDays} 天后仍无评分", StringComparison.Ordinal));
        Assert.DoesNotContain(chinese, line => line.Contains("window passed", StringComparison.Ordinal));

        var english = await TimelineEditsAsync("en", patientId);
        Assert.Contains(english, line => line.EndsWith($", reason: window passed: no score {closing.GraceDays} days after the window closed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_audit_page_words_the_registrys_reasons_old_and_new_in_chinese_and_shows_typed_reasons_as_typed()
    {
        await using (var scope = _factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UserAccounts>().AuditAsync("nurse.li", "sign_in_failed", "nurse.li", null, null, null, AuditReasons.LockedOut);
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync())
        {
            var at = DateTime.UtcNow;
            // A line written before reasons were coded: its English only.
            db.AuditTrail.Add(new AuditEntry { AtUtc = at, User = "nurse.wu", Action = "sign_in_failed", Entity = "User", RecordKey = "nurse.wu", Reason = "wrong user name or password" });
            // People's reasons, even one that reads like the registry's.
            db.AuditTrail.Add(new AuditEntry { AtUtc = at, User = "nurse.ma", Action = "updated", Entity = nameof(Assessment), RecordKey = "1", Field = "Vas", OldValue = "4", NewValue = "5", Reason = "患者电话中更正" });
            db.AuditTrail.Add(new AuditEntry { AtUtc = at, User = "nurse.ma", Action = "updated", Entity = nameof(Assessment), RecordKey = "1", Field = "Kps", OldValue = "60", NewValue = "70", Reason = "locked out" });
            await db.SaveChangesAsync();
        }
        Context.Services.AddSingleton(_ => _factory.Services.GetRequiredService<AuditLog>());
        Context.AddAuthorization().SetAuthorized("admin.ann").SetRoles(Roles.Admin);

        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        Context.Render<MudPopoverProvider>();
        var page = Context.Render<AuditLogPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=audit-table] tbody tr td")));
        var reasons = page.FindAll("[data-testid=audit-table] tbody tr")
            .Select(row => row.QuerySelectorAll("td")).Where(cells => cells.Length == 9)
            .Select(cells => (User: cells[1].TextContent, Reason: cells[8].TextContent)).ToList();

        Assert.Contains(("nurse.li", "账户已锁定"), reasons);
        Assert.Contains(("nurse.wu", "用户名或密码错误"), reasons);
        Assert.Contains(("nurse.ma", "患者电话中更正"), reasons);
        Assert.Contains(("nurse.ma", "locked out"), reasons);

        // The CSV export is a data format: the English of the registry's reasons.
        var client = await _factory.SignedInAsync(Roles.Admin);
        var csv = await client.GetStringAsync("/export/audit.csv?user=nurse.li");
        Assert.EndsWith("\"locked out\"", csv.TrimEnd('\n').Split('\n').Last());
    }
}
