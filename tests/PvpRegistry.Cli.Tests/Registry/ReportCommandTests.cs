using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data.Study;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Cli.Tests.Infrastructure;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Cli.Tests.Registry;

/// <summary>`pvp report` selects its cohort as the dashboards do: --from/--to on the enrolment date.</summary>
public partial class ReportCommandTests
{
    private static readonly string CohortPath = Path.Combine(AppContext.BaseDirectory, "TestData", "cohort-demo.csv");

    [Fact]
    public async Task Pvp_report_on_the_registry_filters_on_the_enrolment_date_not_the_procedure_date()
    {
        await using var registry = await TestRegistry.CreateAsync();
        Assert.True((await registry.ImportAsync(await File.ReadAllTextAsync(CohortPath))).Succeeded);
        // Two patients in three screened and enrolled 30 or 60 days before their procedure.
        await using (var db = registry.NewContext())
        {
            db.Actor = "test";
            var patients = await db.Patients.Include(p => p.Procedures).OrderBy(p => p.StudyId).ToListAsync();
            for (int i = 0; i < patients.Count; i++) patients[i].EnrolmentDate = patients[i].Procedures[0].Date.AddDays(-30 * (i % 3));
            await db.SaveChangesAsync();
        }
        List<(string StudyId, TreatmentGroup Group, DateOnly Enrolled, DateOnly Procedure)> all;
        await using (var db = registry.NewContext())
            all = (await db.Patients.AsNoTracking().Include(p => p.Procedures).OrderBy(p => p.StudyId).ToListAsync())
                .Select(p => (p.StudyId, p.Group, p.EnrolmentDate!.Value, p.Procedures[0].Date)).ToList();
        var dates = all.Select(p => p.Enrolled).Order().ToArray();
        DateOnly from = dates[dates.Length / 5], to = dates[4 * dates.Length / 5];
        var expected = all.Where(p => p.Group == TreatmentGroup.PvpI125 && p.Enrolled >= from && p.Enrolled <= to).Select(p => p.StudyId).ToHashSet();
        var byProcedure = all.Where(p => p.Group == TreatmentGroup.PvpI125 && p.Procedure >= from && p.Procedure <= to).Select(p => p.StudyId).ToHashSet();
        Assert.False(expected.SetEquals(byProcedure), "the range must tell the enrolment date from the procedure date");

        var output = Path.Combine(registry.Folder, "report.pdf");
        var run = await PvpInProcess.RunAsync(registry, "report", "--out", output, "--from", Iso(from), "--to", Iso(to), "--group", "pvp_i125");

        Assert.True(run.Code == 0, run.StdErr);
        Assert.Contains($"Wrote the study report of {expected.Count} patient(s)", run.StdErr);
        var analysed = (await registry.Get<CohortLoader>().LoadStudyRecordsAsync(CohortFilter.None)).Where(r => expected.Contains(r.StudyId)).ToArray();
        Assert.Equal(StudyCsvFingerprint.Compute(analysed), Fingerprint(run.StdErr));
        Assert.Equal("%PDF", Encoding.ASCII.GetString(File.ReadAllBytes(output), 0, 4));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public async Task Pvp_report_of_a_study_csv_gives_the_report_of_the_registry_that_imported_it()
    {
        // The file has no enrolment date; the import enrols each patient on the procedure date, and so does the report of the file.
        await using var registry = await TestRegistry.CreateAsync();
        Assert.True((await registry.ImportAsync(await File.ReadAllTextAsync(CohortPath))).Succeeded);
        var procedureDates = (await registry.Get<CohortLoader>().LoadStudyRecordsAsync(CohortFilter.None)).Select(r => r.ProcedureDate).Order().ToArray();
        string from = Iso(procedureDates[procedureDates.Length / 4]), to = Iso(procedureDates[3 * procedureDates.Length / 4]);

        var ofFile = await PvpInProcess.RunAsync(registry, "report", "--input", CohortPath, "--out", Path.Combine(registry.Folder, "file.pdf"), "--from", from, "--to", to, "--group", "pvp");
        var ofRegistry = await PvpInProcess.RunAsync(registry, "report", "--out", Path.Combine(registry.Folder, "registry.pdf"), "--from", from, "--to", to, "--group", "pvp");

        Assert.True(ofFile.Code == 0, ofFile.StdErr);
        Assert.True(ofRegistry.Code == 0, ofRegistry.StdErr);
        var n = PatientCount().Match(ofFile.StdErr).Groups[1].Value;
        Assert.Equal(n, PatientCount().Match(ofRegistry.StdErr).Groups[1].Value);
        Assert.InRange(int.Parse(n, CultureInfo.InvariantCulture), 10, 30);
        Assert.Equal(Fingerprint(ofRegistry.StdErr), Fingerprint(ofFile.StdErr));
    }

    [Fact]
    public void Pvp_report_lang_zh_CN_writes_the_report_in_chinese_and_its_own_output_in_english()
    {
        var folder = Directory.CreateTempSubdirectory("pvp-report-").FullName;
        try
        {
            var output = Path.Combine(folder, "report-zh.pdf");
            var run = PvpInProcess.Run("report", "--input", CohortPath, "--out", output, "--lang", "zh-CN");

            Assert.True(run.Code == 0, run.StdErr);
            Assert.Contains("Wrote the study report of 62 patient(s)", run.StdErr);
            using var pdf = UglyToad.PdfPig.PdfDocument.Open(output);
            var text = string.Concat(pdf.GetPages().Select(p => p.Text));
            Assert.Contains("研究报告", text);
            Assert.Contains("对数秩检验", text);
            Assert.Contains("中位生存期", text);
            Assert.DoesNotContain("Log-rank", text);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Fingerprint(string stderr)
    {
        var m = FingerprintLine().Match(stderr);
        Assert.True(m.Success, stderr);
        return m.Groups[1].Value;
    }

    [GeneratedRegex(@"Data fingerprint \(SHA-256 of the analysed rows\): ([0-9a-f]{64})")]
    private static partial Regex FingerprintLine();

    [GeneratedRegex(@"Wrote the study report of (\d+) patient\(s\)")]
    private static partial Regex PatientCount();
}
