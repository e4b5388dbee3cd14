using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.Audit;

/// <summary>
/// The reasons the registry writes in the audit trail are codes with values, stored beside their English and worded
/// for each reader; lines written before reasons were coded are recognised by their English; a person's words never are.
/// </summary>
public class AuditReasonTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    private static string InChinese(RegistryMessage message) => message.In(Chinese, RegistryMessage.EnglishArgument);

    private static async Task<List<AuditEntry>> SaveAndReadAsync(TestRegistry registry, params AuditEntry[] lines)
    {
        await using (var db = registry.NewContext())
        {
            db.AuditTrail.AddRange(lines);
            await db.SaveChangesAsync();
        }
        await using var read = registry.NewContext();
        var ids = lines.Select(l => l.Id).ToList();
        return await read.AuditTrail.AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id).ToListAsync();
    }

    private static AuditEntry Line(string user, string action, string entity, string? reason = null) =>
        new() { AtUtc = TestRegistry.DefaultNow.UtcDateTime, User = user, Action = action, Entity = entity, Reason = reason };

    [Fact]
    public async Task A_coded_reason_keeps_its_english_and_a_typed_chinese_value_whole_through_the_database()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var stored = Assert.Single(await SaveAndReadAsync(registry,
            Line("admin.a", "demo_cleared", "Registry").Because(AuditReasons.DemoCleared("  上线：开始录入真实患者 "))));

        Assert.Equal(("audit_start_empty_because", "Start empty: 上线：开始录入真实患者"), (stored.ReasonCode, stored.Reason));
        Assert.Equal("[\"上线：开始录入真实患者\"]", stored.ReasonArgs); // the characters themselves, not \u escapes
        Assert.Equal("清空并开始：上线：开始录入真实患者", InChinese(stored.CodedReason()!));
        Assert.Equal("Start empty: 上线：开始录入真实患者", stored.CodedReason()!.English);
    }

    [Fact]
    public async Task Lines_written_before_reasons_were_coded_are_recognised_by_their_english_with_their_values()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var old = await SaveAndReadAsync(registry,
            Line(PassedWindows.ClosedBy, "updated", nameof(FollowUpVisit), "window passed: no score 30 days after the window closed"),
            Line("nurse.a", "sign_in_failed", "User", "wrong user name or password"),
            Line("registry", "user_disabled", "User", "demo account: real data entered (3 patient(s) imported)"),
            Line("admin.a", "demo_cleared", "Registry", "Start empty: synthetic demo cohort removed"),
            Line("admin.a", "demo_cleared", "Registry", "Start empty: going live"),
            Line("researcher.a", "export", "User", "62 patients"));

        Assert.All(old, line => Assert.Null(line.ReasonCode));
        Assert.Equal(
            ["时间窗已过：时间窗结束 30 天后仍无评分", "用户名或密码错误", "演示账户：已录入真实数据（已导入 3 名患者）",
             "清空并开始：已删除合成演示数据", "清空并开始：going live", "62 名患者"],
            old.Select(line => InChinese(AuditReasons.Coded(line)!)));
    }

    [Fact]
    public async Task A_persons_reason_is_never_taken_for_the_registrys_even_when_it_reads_like_one()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var typed = await SaveAndReadAsync(registry,
            Line("nurse.a", "updated", nameof(Assessment), "locked out"),
            Line("nurse.a", "voided", nameof(Assessment), "window passed: no score 30 days after the window closed"),
            Line("admin.a", "sign_in_failed", "User"));

        Assert.All(typed, line => Assert.Null(AuditReasons.Coded(line)));
    }
}
