using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Reports;

public class ReportDownloadTests(RegistryWebFactory factory) : IClassFixture<RegistryWebFactory>
{
    private readonly RegistryWebFactory _factory = factory;

    [Fact]
    public async Task A_nurse_is_refused_the_study_report_page_and_its_download()
    {
        var (client, nurse) = await _factory.SignedInUserAsync(Roles.Nurse);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/reports/study.pdf")).StatusCode);
        var page = await client.GetAsync("/reports");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/access-denied", page.Headers.Location!.AbsolutePath);
        Assert.Equal(0, await DownloadsAuditedAsync(nurse));
    }

    [Fact]
    public async Task Anonymous_requests_for_reports_get_401()
    {
        var client = _factory.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/reports/study.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/reports/patient/1.pdf")).StatusCode);
    }

    [Fact]
    public async Task A_researcher_downloads_the_study_report_of_a_filtered_cohort_and_the_download_is_audited()
    {
        var (client, researcher) = await _factory.SignedInUserAsync(Roles.Researcher);
        var response = await client.GetAsync("/reports/study.pdf?group=pvp_i125");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));

        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var entry = await db.AuditTrail.SingleAsync(a => a.Action == "report_download" && a.User == researcher);
        Assert.Equal("31 patients", entry.Reason);
        Assert.Matches("^[0-9a-f]{64}$", entry.NewValue!);
    }

    [Fact]
    public async Task The_study_reports_cohort_page_states_how_many_queries_are_open()
    {
        var queries = _factory.Services.GetRequiredService<PvpRegistry.Web.Features.Queries.QueryService>();
        int before = await queries.OpenCountAsync();
        int patientId;
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync())
            patientId = await db.Patients.Where(p => p.Voided == null).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        await queries.OpenAsync(TestPeople.As("res.kim", Roles.Researcher), patientId,
            new(nameof(Patient), patientId, nameof(Patient.PrimaryGrowth), "Primary tumour growth", ""), "Growth rapid in the notes?");

        var client = await _factory.SignedInAsync(Roles.Researcher);
        var pdf = await client.GetByteArrayAsync("/reports/study.pdf");
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var cohortPage = string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text));
        Assert.Contains($"Open data queries {before + 1} (values questioned and not yet answered;", cohortPage);
    }

    [Fact]
    public async Task Bad_filters_and_unknown_reports_get_a_plain_answer()
    {
        var client = await _factory.SignedInAsync(Roles.Researcher);
        var bad = await client.GetAsync("/reports/study.pdf?group=surgery");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("group must be one of", await bad.Content.ReadAsStringAsync());
        var none = await client.GetAsync("/reports/study.pdf?from=2099-01-01");
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("No patients match", await none.Content.ReadAsStringAsync());
        var expired = await client.GetAsync($"/reports/study.pdf?id={Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Contains("This report has expired.", await expired.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_researcher_reading_chinese_is_told_in_chinese_why_a_download_is_refused()
    {
        var client = await _factory.SignedInAsync(Roles.Researcher);
        var switched = await SignedInClient.PostFormAsync(client, "/account/access-denied", "/account/language",
            new() { ["language"] = "zh-CN", ["returnUrl"] = "/reports" });
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);

        var bad = await client.GetAsync("/reports/study.pdf?group=surgery");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal($"group 必须是以下之一：{Codes.AllowedList<TreatmentGroup>()}。", await bad.Content.ReadAsStringAsync());
        var expired = await client.GetAsync($"/reports/study.pdf?id={Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Equal("此报告已过期。请在“研究报告”页面重新生成。", await expired.Content.ReadAsStringAsync());
        var missing = await client.GetAsync("/reports/patient/999999.pdf");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("没有此编号的患者。", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_nurse_downloads_a_patient_summary_and_the_download_is_audited()
    {
        var (client, nurse) = await _factory.SignedInUserAsync(Roles.Nurse);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var patient = await db.Patients.OrderBy(p => p.Id).FirstAsync();
        var response = await client.GetAsync($"/reports/patient/{patient.Id}.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        // The summary lists the procedure's treated levels and cement as stored (or says there are none).
        var procedure = await db.Procedures.AsNoTracking().Where(p => p.PatientId == patient.Id && p.Voided == null).OrderBy(p => p.Date).ThenBy(p => p.Id).FirstAsync();
        using (var document = UglyToad.PdfPig.PdfDocument.Open(pdf))
        {
            var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            Assert.Contains("Treated levels " + PvpRegistry.Reports.Formats.TreatedLevels(procedure.TreatedLevels, procedure.CementTotalMl), text);
        }
        var entry = await db.AuditTrail.SingleAsync(a => a.Action == "report_download" && a.User == nurse);
        Assert.Equal($"patient/{patient.Id}", entry.RecordKey);
        Assert.Equal(patient.StudyId, entry.NewValue);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/reports/patient/999999.pdf")).StatusCode);
    }

    private async Task<int> DownloadsAuditedAsync(string user)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        return await db.AuditTrail.CountAsync(a => a.Action == "report_download" && a.User == user);
    }
}
