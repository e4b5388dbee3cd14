using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Data;
using PvpRegistry.Reports.Tests;
using PvpRegistry.Web.Features.Dashboards;
using PvpRegistry.Web.Tests.Infrastructure;
using static PvpRegistry.Reports.Formats;

namespace PvpRegistry.Web.Tests.Features.Reports;

/// <summary>
/// The demo registry with two patients in three enrolled (screened) 30 or 60 days before their procedure, so a
/// date range on the procedure date would pick other patients than one on the enrolment date.
/// </summary>
public sealed class EnrolledBeforeProcedure : IAsyncLifetime
{
    public RegistryWebFactory Factory { get; } = new();

    /// <summary>Study ID, group, enrolment date and procedure date of every patient with a status date (the analysed ones), read back from the database.</summary>
    public IReadOnlyList<(string StudyId, TreatmentGroup Group, DateOnly Enrolled, DateOnly Procedure)> Patients { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var dbFactory = Factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Actor = "test";
            var patients = await db.Patients.Include(p => p.Procedures).OrderBy(p => p.StudyId).ToListAsync();
            // The file's 62 patients and the 11 recently operated ones, who have no status date yet and are not analysed.
            Assert.Equal(73, patients.Count);
            for (int i = 0; i < patients.Count; i++)
                patients[i].EnrolmentDate = patients[i].Procedures.Min(x => x.Date).AddDays(-30 * (i % 3));
            await db.SaveChangesAsync();
        }
        await using var read = await dbFactory.CreateDbContextAsync();
        Patients = (await read.Patients.AsNoTracking().Include(p => p.Procedures).Where(p => p.LastKnownAliveDate != null || p.ExitDate != null)
                .OrderBy(p => p.StudyId).ToListAsync())
            .Select(p => (p.StudyId, p.Group, p.EnrolmentDate!.Value, p.Procedures.Min(x => x.Date))).ToArray();
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>For the same filter (enrolment dates and group), the study report analyses the dashboards' patients and prints their numbers.</summary>
public class ReportMatchesDashboardTests(EnrolledBeforeProcedure registry) : IClassFixture<EnrolledBeforeProcedure>
{
    /// <summary>A date range given by positions in the sorted enrolment dates (null: open end), and a group or none.</summary>
    [Theory]
    [InlineData(0.2, 0.8, "pvp_i125")]
    [InlineData(0.05, 0.35, "pvp")]
    [InlineData(null, 0.7, null)]
    public async Task The_report_of_a_filter_has_the_dashboards_n_and_numbers(double? fromAt, double? toAt, string? group)
    {
        var dates = registry.Patients.Select(p => p.Enrolled).Order().ToArray();
        DateOnly? from = fromAt is { } f ? dates[(int)(f * (dates.Length - 1))] : null;
        DateOnly? to = toAt is { } t ? dates[(int)(t * (dates.Length - 1))] : null;
        TreatmentGroup? g = group is null ? null : Codes.Parse<TreatmentGroup>(group);

        // What the filter means, written out here: enrolment date in the range, and the group.
        bool InRange(DateOnly d) => (from is null || d >= from) && (to is null || d <= to);
        var expected = registry.Patients.Where(p => InRange(p.Enrolled) && (g is null || p.Group == g)).Select(p => p.StudyId).ToArray();
        var byProcedureDate = registry.Patients.Where(p => InRange(p.Procedure) && (g is null || p.Group == g)).Select(p => p.StudyId).ToArray();
        Assert.NotEqual(byProcedureDate, expected); // the case tells the two definitions apart

        var snapshot = await registry.Factory.Services.GetRequiredService<DashboardService>().LoadAsync();
        var dashboard = DashboardService.Compute(snapshot, DashboardFilter.Default with { EnrolledFrom = from, EnrolledTo = to, Group = g }, DateTime.UtcNow);
        Assert.Equal(expected.Length, dashboard.N);
        var result = dashboard.Result ?? throw new InvalidOperationException($"{dashboard.Problem}: {dashboard.ProblemCause?.Message}");

        var client = await registry.Factory.SignedInAsync(Roles.Researcher);
        var query = string.Join("&", new[] { from is { } a ? $"from={Iso(a)}" : null, to is { } b ? $"to={Iso(b)}" : null, group is null ? null : $"group={group}" }.OfType<string>());
        var response = await client.GetAsync($"/reports/study.pdf?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pdf = new PdfText(await response.Content.ReadAsByteArrayAsync());

        var title = pdf.Pages[0];
        Assert.Contains($"Patients analysed n = {dashboard.N} ({string.Join(", ", result.Groups.Select(x => $"{Group(x.Code)} {x.N}"))})", title);
        Assert.Contains(title, l => l.EndsWith($"Enrolment date {(from is { } x1 ? Iso(x1) : "any")} to {(to is { } x2 ? Iso(x2) : "any")}", StringComparison.Ordinal));
        AssertTable4(pdf.Section("Table 4.", "Table 5."), result);
        AssertCoxTable(pdf.Section("Table 5.", "Table 5b."), result.Cox.FinalModel, result.Cox);
    }

    [Fact]
    public async Task The_reports_page_generator_and_the_dashboards_select_the_same_patients()
    {
        var dates = registry.Patients.Select(p => p.Enrolled).Order().ToArray();
        var filter = DashboardFilter.Default with { EnrolledFrom = dates[dates.Length / 4], EnrolledTo = dates[3 * dates.Length / 4], Group = TreatmentGroup.Pvp };
        var snapshot = await registry.Factory.Services.GetRequiredService<DashboardService>().LoadAsync();
        var dashboard = DashboardService.Compute(snapshot, filter, DateTime.UtcNow);

        var generator = registry.Factory.Services.GetRequiredService<PvpRegistry.Web.Features.Reports.ReportGenerator>();
        var report = await generator.GenerateAsync("researcher-test", new CohortFilter(filter.EnrolledFrom, filter.EnrolledTo, TreatmentGroup.Pvp));
        Assert.Equal(dashboard.N, report.Patients);
        var analysed = snapshot.Patients.Where(p => p.Record is not null && p.Group == TreatmentGroup.Pvp
                                                    && p.EnrolmentDate >= filter.EnrolledFrom && p.EnrolmentDate <= filter.EnrolledTo)
            .Select(p => p.Record!).ToArray();
        Assert.Equal(PvpRegistry.Data.StudyCsv.StudyCsvFingerprint.Compute(analysed), report.Fingerprint);
    }

    [Fact]
    public async Task A_chinese_reader_follows_the_generation_in_chinese_from_its_first_stage()
    {
        var generator = registry.Factory.Services.GetRequiredService<PvpRegistry.Web.Features.Reports.ReportGenerator>();
        var stages = new StagesSeen();
        await BunitTestBase.InCultureAsync("zh-CN", () => generator.GenerateAsync("researcher-test", new CohortFilter(null, null, TreatmentGroup.Pvp), stages));
        Assert.Equal(["正在等待另一份报告完成", "正在读取登记系统数据", "正在分析队列"], stages.Seen.Take(3));
        Assert.Equal("完成", stages.Seen[^1]);
    }

    /// <summary>The stages a generation reports, in order, as they are reported.</summary>
    private sealed class StagesSeen : IProgress<PvpRegistry.Reports.Study.ReportProgress>
    {
        public List<string> Seen { get; } = [];
        public void Report(PvpRegistry.Reports.Study.ReportProgress value) { lock (Seen) Seen.Add(value.Stage); }
    }

    /// <summary>Every factor's heading row ends with its log-rank chi-square and p, and every level's row below it with its numbers.</summary>
    private static void AssertTable4(IReadOnlyList<string> table, StudyResult result)
    {
        var headings = result.Survival.Select(factor =>
        {
            var tail = $" {Number(factor.LogRank?.ChiSquare, 3)} {P(factor.LogRank?.P)}";
            int at = table.ToList().FindIndex(l => l.StartsWith(factor.Label, StringComparison.Ordinal) && l.EndsWith(tail, StringComparison.Ordinal));
            Assert.True(at >= 0, $"Table 4 has no heading row '{factor.Label} ...{tail}':\n{string.Join("\n", table)}");
            return at;
        }).ToArray();
        Assert.Equal(headings.Order(), headings);
        for (int k = 0; k < headings.Length; k++)
        {
            var block = table.Skip(headings[k] + 1).Take((k + 1 < headings.Length ? headings[k + 1] : table.Count) - headings[k] - 1).ToList();
            foreach (var g in result.Survival[k].Groups)
            {
                var c = g.Curve;
                var ci = MedianCi(c);
                var expected = string.Join(" ", [Count(c.N), Count(c.Events), .. g.AtTimes.Select(p => Number(p.Survival, 3)), Median(c.Median), ci]);
                Assert.True(block.Any(l => l.EndsWith(" " + expected, StringComparison.Ordinal)),
                    $"{result.Survival[k].Factor} / {g.Name}: no row ending '{expected}' in\n{string.Join("\n", block)}");
            }
        }
    }

    private static void AssertCoxTable(IReadOnlyList<string> table, CoxFit? fit, StudyCox cox)
    {
        Assert.NotNull(fit);
        Assert.NotEmpty(fit.Coefficients);
        foreach (var c in fit.Coefficients)
            Assert.Contains(string.Join(" ", cox.LabelOf(c.Name), Number(c.B, 3), Number(c.SE, 3), Number(c.Wald, 3), P(c.P), Number(c.HazardRatio, 3),
                $"{Number(c.HazardRatioLower, 3)}-{Number(c.HazardRatioUpper, 3)}"), table);
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
