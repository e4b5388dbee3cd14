using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Cli.Tests.Infrastructure;
using PvpRegistry.Core;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Cli.Tests.Registry;

/// <summary>`pvp quality` against a test registry.</summary>
public class QualityCommandTests
{
    private static readonly string CohortPath = Path.Combine(AppContext.BaseDirectory, "TestData", "cohort-demo.csv");

    [Fact]
    public async Task Pvp_quality_lists_the_deviations_and_a_violation_stored_before_the_rules_and_fails_on_any()
    {
        await using var registry = await TestRegistry.CreateAsync(migrate: false);
        var import = await PvpInProcess.RunAsync(registry, "import", CohortPath);
        Assert.True(import.Code == 0, import.StdErr);

        // A record stored before the rules existed: a man's prostate primary turned into a woman's by a direct write.
        string studyId;
        await using (var db = registry.NewContext())
        {
            var patient = await db.Patients.FirstAsync(p => p.PrimaryTumor == PrimaryTumor.Prostate);
            studyId = patient.StudyId;
            await db.Database.ExecuteSqlRawAsync("UPDATE Patients SET Sex = 'Female' WHERE Id = {0}", patient.Id);
        }

        var json = await PvpInProcess.RunAsync(registry, "quality", "--format", "json");
        Assert.True(json.Code == 0, json.StdErr);
        using var document = JsonDocument.Parse(json.StdOut);
        var rows = document.RootElement.EnumerateArray().Select(r => (
            StudyId: r.GetProperty("study_id").GetString(), Rule: r.GetProperty("rule").GetString(),
            Message: r.GetProperty("message").GetString(), Record: r.GetProperty("record").GetString())).ToList();
        var violation = Assert.Single(rows, r => r.Rule == "prostate_in_female");
        Assert.Equal(studyId, violation.StudyId);
        Assert.Contains("prostate", violation.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrEmpty(violation.Record));
        // The study enrolled KPS 60 under "KPS > 60": recorded as deviations, one per such patient.
        Assert.Contains(rows, r => r.Rule == "eligibility_kps_contradicted");
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));

        var table = await PvpInProcess.RunAsync(registry, "quality");
        Assert.Equal(0, table.Code);
        Assert.Contains("prostate_in_female", table.StdOut);
        Assert.Contains(studyId, table.StdOut);

        var failing = await PvpInProcess.RunAsync(registry, "quality", "--fail-on-any");
        Assert.Equal(1, failing.Code);
    }

    [Fact]
    public async Task Pvp_quality_on_an_empty_registry_lists_nothing_and_passes_with_fail_on_any()
    {
        await using var registry = await TestRegistry.CreateAsync(migrate: false);
        var run = await PvpInProcess.RunAsync(registry, "quality", "--format", "json", "--fail-on-any");
        Assert.True(run.Code == 0, run.StdErr);
        using var document = JsonDocument.Parse(run.StdOut);
        Assert.Empty(document.RootElement.EnumerateArray());
    }
}
