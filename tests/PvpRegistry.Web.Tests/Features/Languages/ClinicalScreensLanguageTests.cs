using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Languages;

/// <summary>
/// The clinical screens in the language of the account, as the server draws them: a nurse or surgeon set to Chinese reads
/// the patient page with its timeline, the patient list, the procedure form, the quality and queries pages and the
/// reminder bell in Chinese (the glossary's terms, dates still YYYY-MM-DD); one set to English reads them in English.
/// One host with the demo cohort for all.
/// </summary>
public class ClinicalScreensLanguageTests(RegistryWebFactory factory) : IClassFixture<RegistryWebFactory>
{
    /// <summary>A new account of the role, signed in, that chose <paramref name="language"/> from the app bar.</summary>
    private async Task<HttpClient> SignedInAsync(string role, string language)
    {
        var client = await factory.SignedInAsync(role);
        var switched = await SignedInClient.PostFormAsync(client, "/account/access-denied", "/account/language",
            new() { ["language"] = language, ["returnUrl"] = "/patients" });
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        return client;
    }

    private static async Task<string> PageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>A demo patient with a scored Day 1 visit (a timeline line "Day 1: VAS ..., KPS ...").</summary>
    private async Task<int> ScoredPatientAsync()
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        return await db.Patients.Where(p => p.Voided == null && p.Visits.Any(v => v.Code == VisitCode.Day1 && v.Assessments.Any(a => a.Voided == null)))
            .OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
    }

    [Fact]
    public async Task A_nurse_set_to_chinese_reads_the_patient_page_list_quality_queries_and_bell_in_chinese()
    {
        var nurse = await SignedInAsync(Roles.Nurse, "zh-CN");
        var id = await ScoredPatientAsync();

        var patient = await PageAsync(nurse, $"/patients/{id}");
        Assert.Contains("<title>患者时间线 - PvpRegistry</title>", patient);
        Assert.Contains("随访计划", patient);
        Assert.Contains("时间线", patient);
        Assert.Matches(@"术后第 1 天：VAS \d+\.\d，KPS \d+", patient);
        Assert.Matches(@"\d{4}-\d{2}-\d{2}</span> 至 <span class=""nowrap"">\d{4}-\d{2}-\d{2}", patient);
        Assert.Contains("提醒：", patient);
        Assert.DoesNotContain("Follow-up schedule", patient);

        var list = await PageAsync(nurse, "/patients");
        Assert.Contains("<title>患者 - PvpRegistry</title>", list);
        Assert.Contains("搜索研究编号、病历号或姓名", list);
        Assert.Contains("研究编号", list);
        Assert.Contains("生存状态", list);

        var quality = await PageAsync(nurse, "/quality");
        Assert.Contains("<title>数据质量 - PvpRegistry</title>", quality);
        Assert.Contains("处规则违反", quality);
        Assert.Contains("您看到的是由您负责的患者。", quality);

        var queries = await PageAsync(nurse, "/queries");
        Assert.Contains("<title>数据质疑 - PvpRegistry</title>", queries);
        Assert.Contains("待回复", queries);
        Assert.Contains("由您回复的数据质疑。", queries);
        Assert.Matches(@"aria-label=""提醒：\d+ 条未处理""", queries);
    }

    [Fact]
    public async Task A_surgeon_set_to_chinese_fills_the_procedure_form_in_chinese()
    {
        var surgeon = await SignedInAsync(Roles.Surgeon, "zh-CN");
        var form = await PageAsync(surgeon, $"/patients/{await ScoredPatientAsync()}/procedure");
        Assert.Contains("<title>手术 - PvpRegistry</title>", form);
        Assert.Contains("更正手术 - ", form);
        Assert.Contains("手术日期（YYYY-MM-DD）", form);
        Assert.Contains("治疗椎体节段", form);
        Assert.Contains("骨水泥渗漏", form);
        Assert.Contains("更正原因", form);
        Assert.Contains("保存手术", form);
        Assert.DoesNotContain("Treated levels", form);
    }

    [Fact]
    public async Task A_nurse_set_to_english_reads_the_same_screens_in_english()
    {
        var nurse = await SignedInAsync(Roles.Nurse, "en");
        var id = await ScoredPatientAsync();

        var patient = await PageAsync(nurse, $"/patients/{id}");
        Assert.Contains("<title>Patient timeline - PvpRegistry</title>", patient);
        Assert.Contains("Follow-up schedule", patient);
        Assert.Matches(@"Day 1: VAS \d+\.\d, KPS \d+", patient);
        Assert.DoesNotContain("随访", patient);

        Assert.Contains("Search study ID, MRN or name", await PageAsync(nurse, "/patients"));
        Assert.Contains("<title>Data quality - PvpRegistry</title>", await PageAsync(nurse, "/quality"));
        var queries = await PageAsync(nurse, "/queries");
        Assert.Contains("The queries you answer.", queries);
        Assert.Matches(@"aria-label=""Reminders: \d+ open""", queries);
    }
}
