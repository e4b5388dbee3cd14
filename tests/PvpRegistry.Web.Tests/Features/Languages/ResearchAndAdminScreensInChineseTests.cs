using System.Net;
using Bunit;
using PvpRegistry.Core;
using PvpRegistry.Reports.Localization;
using PvpRegistry.Web.Features.Dashboards;
using PvpRegistry.Web.Tests.Features.Dashboards;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Languages;

/// <summary>
/// The research and admin screens in the user's language: the dashboards' survival (Kaplan-Meier) and Cox panels with
/// their figures, the reports page, the users page, the audit log and the change-password page, in Chinese for a user
/// set to zh-CN and in English for one set to English.
/// </summary>
public class ResearchAndAdminScreensInChineseTests(DemoDashboard demo) : BunitTestBase, IClassFixture<DemoDashboard>
{
    [Fact]
    public void A_chinese_researcher_reads_the_survival_and_cox_panels_and_their_figures_in_chinese()
    {
        var view = DashboardService.Compute(demo.Snapshot, DashboardFilter.Default, DateTime.UtcNow, ReportText.Chinese);
        var (survival, cox) = InCulture("zh-CN", () => (
            Context.Render<SurvivalPanel>(p => p.Add(x => x.View, view)).Markup,
            Context.Render<PrognosisPanel>(p => p.Add(x => x.View, view)).Markup));

        Assert.Contains("生存（Kaplan-Meier，表 4 和图 1）", survival);
        Assert.Contains("事件（死亡）", survival);
        Assert.Contains("对数秩检验 χ²", survival);
        Assert.Contains("风险人数", survival); // the figure's risk table
        Assert.Contains("生存率", survival); // its y-axis title
        Assert.Contains("单纯 PVP", survival); // a legend label
        Assert.DoesNotContain("Number at risk", survival);
        Assert.DoesNotContain("Events (deaths)", survival);

        Assert.Contains("最终模型（预先设定；用于预后指数）", cox);
        Assert.Contains("风险比", cox); // the forest plot's axis
        Assert.Contains("低风险", cox); // the risk groups of the prognostic index
        Assert.Contains("逐步回归模型", cox);
        Assert.DoesNotContain("Final model (pre-specified", cox);
        Assert.DoesNotContain("Hazard ratio", cox);
        Assert.DoesNotContain("Low risk", cox);
    }

    [Fact]
    public void An_english_researcher_reads_the_same_panels_in_english()
    {
        var (survival, cox) = InCulture("en", () => (
            Context.Render<SurvivalPanel>(p => p.Add(x => x.View, demo.View)).Markup,
            Context.Render<PrognosisPanel>(p => p.Add(x => x.View, demo.View)).Markup));
        Assert.Contains("Survival (Kaplan-Meier, Table 4 and Fig. 1)", survival);
        Assert.Contains("Number at risk", survival);
        Assert.Contains("Final model (pre-specified; used for the prognostic index)", cox);
        Assert.Contains("Low risk", cox);
        Assert.DoesNotContain("风险", survival + cox);
    }

    private async Task<string> PageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A user of the role, signed in, with the account set to a language from the app bar's switch.</summary>
    private async Task<HttpClient> SignedInAsync(string role, string language)
    {
        var client = await demo.Factory.SignedInAsync(role);
        if (language != "en")
        {
            var switched = await SignedInClient.PostFormAsync(client, "/account/access-denied", "/account/language", new() { ["language"] = language, ["returnUrl"] = "/" });
            Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        }
        return client;
    }

    [Fact]
    public async Task The_reports_users_audit_and_password_pages_follow_the_accounts_language()
    {
        var researcher = await SignedInAsync(Roles.Researcher, "zh-CN");
        var reports = await PageAsync(researcher, "/reports");
        Assert.Contains("<title>研究报告 - PvpRegistry</title>", reports);
        Assert.Contains("生成研究报告", reports);
        Assert.Contains("入组起始日期", reports);
        var chinese = await SignedInAsync(Roles.Admin, "zh-CN");
        var users = await PageAsync(chinese, "/admin/users");
        Assert.Contains("用户和角色", users);
        Assert.Contains("重置密码", users);
        Assert.Contains("研究人员", users); // a role by its Chinese name
        var audit = await PageAsync(chinese, "/admin/audit");
        Assert.Contains("稽查日志", audit);
        Assert.Contains("导出 CSV", audit);
        var password = await PageAsync(chinese, "/account/change-password");
        Assert.Contains("设置新密码", password);
        Assert.Contains("再次输入新密码", password);
        foreach (var english in new[] { "Generate study report", "Users and roles", "Reset password", "Export CSV", "Choose a new password" })
            Assert.DoesNotContain(english, reports + users + audit + password);

        Assert.Contains("Generate study report", await PageAsync(await SignedInAsync(Roles.Researcher, "en"), "/reports"));
        var inEnglish = await SignedInAsync(Roles.Admin, "en");
        Assert.Contains("Users and roles", await PageAsync(inEnglish, "/admin/users"));
        Assert.Contains("Export CSV", await PageAsync(inEnglish, "/admin/audit"));
        Assert.Contains("Choose a new password", await PageAsync(inEnglish, "/account/change-password"));
    }
}
