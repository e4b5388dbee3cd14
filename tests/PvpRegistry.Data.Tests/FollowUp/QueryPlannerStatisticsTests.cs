using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.FollowUp;

/// <summary>
/// SQLite's planner statistics are written at start-up and after an import, so the worklist query is planned on real
/// table sizes. SQLite's own (the server engines keep their statistics themselves), so these run on SQLite in every run.
/// </summary>
public class QueryPlannerStatisticsTests
{
    private static readonly string CohortPath = Path.Combine(AppContext.BaseDirectory, "TestData", "cohort-demo.csv");

    private static async Task<Dictionary<string, long>> AnalysedRowCountsAsync(TestRegistry registry)
    {
        await using var db = registry.NewContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'";
        if (await command.ExecuteScalarAsync() is null) return [];
        // The first number of each index's stat is the table's row count when it was analysed.
        command.CommandText = "SELECT tbl, stat FROM sqlite_stat1 WHERE idx IS NOT NULL";
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            counts[reader.GetString(0)] = long.Parse(reader.GetString(1).Split(' ')[0]);
        return counts;
    }

    [Fact]
    public async Task An_import_analyses_the_tables_it_filled()
    {
        await using var registry = await TestRegistry.CreateAsync(provider: DatabaseProvider.Sqlite);
        var result = await registry.ImportAsync(await File.ReadAllTextAsync(CohortPath));
        Assert.Empty(result.Problems);

        var analysed = await AnalysedRowCountsAsync(registry);
        var rows = await registry.CountRowsAsync();
        Assert.Equal(rows.Patients, analysed["Patients"]);
        Assert.Equal(rows.Visits, analysed["Visits"]);
        Assert.Equal(rows.Assessments, analysed["Assessments"]);
    }

    [Fact]
    public async Task Start_up_analyses_a_database_that_grew_without_an_import()
    {
        await using var registry = await TestRegistry.CreateAsync(provider: DatabaseProvider.Sqlite);
        await registry.ImportAsync(await File.ReadAllTextAsync(CohortPath));
        await using (var db = registry.NewContext())
            await db.Database.ExecuteSqlRawAsync("DROP TABLE sqlite_stat1");
        Assert.Empty(await AnalysedRowCountsAsync(registry));

        await registry.Get<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(5));

        var analysed = await AnalysedRowCountsAsync(registry);
        Assert.Equal((await registry.CountRowsAsync()).Visits, analysed["Visits"]);
    }

    [Fact]
    public async Task Refreshing_an_empty_database_is_harmless()
    {
        await using var registry = await TestRegistry.CreateAsync(provider: DatabaseProvider.Sqlite);
        await registry.Get<QueryPlannerStatistics>().RefreshAsync();
        await registry.ImportAsync(await File.ReadAllTextAsync(CohortPath));
        Assert.NotEmpty(await AnalysedRowCountsAsync(registry));
    }
}
