using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data.Reminders;
using PvpRegistry.Web.Components.Shared;
using PvpRegistry.Web.Features.Account;
using PvpRegistry.Web.Features.Worklist;
using PvpRegistry.Web.Tests.Infrastructure;
using static PvpRegistry.Web.Tests.Infrastructure.TestPeople;

namespace PvpRegistry.Web.Tests.Features.Languages;

/// <summary>
/// What the registry refuses reads in the user's language on the screens: the reminder settings, the role checks and a
/// save someone else changed first name the facts in Chinese for a Chinese user; <c>pvp</c> keeps the English, built
/// from the same coded text.
/// </summary>
public class RefusalsInLanguageTests(RegistryWebFactory factory) : IClassFixture<RegistryWebFactory>
{
    private IServiceProvider S => factory.Services;
    private RegistryText Texts => S.GetRequiredService<RegistryText>();

    private static Task<T> InChineseAsync<T>(Func<Task<T>> action) => BunitTestBase.InCultureAsync("zh-CN", action);

    [Fact]
    public async Task A_refused_reminder_setting_reads_in_chinese_and_keeps_its_english_for_pvp()
    {
        var settings = S.GetRequiredService<ReminderSettings>();
        var noAccount = await Assert.ThrowsAsync<RefusedException>(() => settings.SetOptInAsync("nobody.here", "a@example.org", true, "admin"));
        var noAddress = await Assert.ThrowsAsync<RefusedException>(() => settings.SetOptInAsync("nobody.here", null, true, "admin"));
        var badPort = await Assert.ThrowsAsync<RefusedException>(() => settings.SaveAsync(new ReminderOverrides(null, null, null, null, 70000, null, null), "admin"));

        Assert.Equal("There is no account 'nobody.here'.", noAccount.Message);
        Assert.Equal("The SMTP port must be between 1 and 65535.", badPort.Message);
        var chinese = await InChineseAsync(() => Task.FromResult((Texts.Error(noAccount), Texts.Error(noAddress), Texts.Error(badPort))));
        Assert.Equal(("没有账户“nobody.here”。", "接收每日摘要的用户需要填写电子邮件地址。", "SMTP 端口必须在 1 到 65535 之间。"), chinese);
    }

    [Fact]
    public async Task A_role_refusal_names_the_role_in_the_users_language()
    {
        var refused = Assert.Throws<AccessRefusedException>(() => RoleCheck.Require(Surgeon(), Roles.Nurse, Roles.Admin));
        Assert.Equal("This needs the Nurse or Admin role.", refused.Message);
        Assert.Equal("此操作需要护士或管理员角色。", await InChineseAsync(() => Task.FromResult(Texts.Error(refused))));
    }

    [Fact]
    public async Task A_save_someone_else_changed_first_names_the_facts_in_chinese()
    {
        var entry = S.GetRequiredService<ScoreEntryService>();
        var today = S.GetRequiredService<Data.RegistryClock>().Today;
        var (_, studyId, visitId) = await TreatedPatientAsync(S, 91, VisitCode.Month3);
        var seenByAnn = (await entry.LoadAsync(Nurse("nurse.ann"), visitId))!;
        var seenByBo = (await entry.LoadAsync(Nurse("nurse.bo"), visitId))!;
        await entry.RecordAssessmentAsync(Nurse("nurse.ann"), visitId, seenByAnn.VisitVersion, new AssessmentInput(3.5m, 80, today, AssessmentSource.Phone));

        var refused = await InChineseAsync(() => Assert.ThrowsAsync<RecordChangedException>(() =>
            entry.MarkMissedAsync(Nurse("nurse.bo"), visitId, seenByBo.VisitVersion, MissedReason.Unreachable, null)));
        Assert.Contains($"{studyId}，术后 3 个月在您打开后已被 nurse.ann 于", refused.Message);
        Assert.Contains($"新增一条评分（VAS 3.5，KPS 80，评估日期 {today:yyyy-MM-dd}，来源 电话", refused.Message);
        Assert.DoesNotContain("Phone", refused.Message);
        Assert.DoesNotContain("Vas=", refused.Message);
    }
}
