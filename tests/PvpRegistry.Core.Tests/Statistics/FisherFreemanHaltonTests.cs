using System.Text.Json;
using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Core.Tests.Statistics;

/// <summary>
/// The Fisher-Freeman-Halton exact test against R's fisher.test on r x c tables (TestData/make-fisher-reference.R wrote
/// fisher-reference.json): the study's sparse tumour table, its segments table and a 3 x 3 table.
/// </summary>
public class FisherFreemanHaltonTests
{
    /// <summary>Enumeration sums the same probabilities as R's network algorithm: equal up to rounding.</summary>
    private const double ExactTolerance = 1e-9;

    internal static (int[,] Counts, double P) Case(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "fisher-reference.json")));
        var c = json.RootElement.GetProperty(name);
        var rows = c.GetProperty("counts").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        var counts = new int[rows.Length, rows[0].Length];
        for (int i = 0; i < rows.Length; i++) for (int j = 0; j < rows[i].Length; j++) counts[i, j] = rows[i][j];
        return (counts, c.GetProperty("p").GetDouble());
    }

    [Theory]
    [InlineData("tumour")]
    [InlineData("segments")]
    [InlineData("small3x3")]
    public void The_exact_p_of_an_r_by_c_table_is_Rs_fisher_test(string name)
    {
        var (counts, expected) = Case(name);
        var result = ContingencyTests.FisherFreemanHalton(counts);
        Assert.True(result.IsExact);
        Assert.True(result.TablesEnumerated > 1);
        Assert.True(Math.Abs(result.P - expected) <= ExactTolerance * expected, $"{name}: R {expected:R}, ours {result.P:R}");
    }

    [Fact]
    public void A_2_by_2_table_gives_fishers_exact_two_sided_p()
    {
        int[,] table = { { 3, 1 }, { 1, 3 } };
        Assert.Equal(ContingencyTests.FisherExact(table).P, ContingencyTests.FisherFreemanHalton(table).P, 12);
    }

    [Fact]
    public void A_table_with_too_many_tables_to_enumerate_is_estimated_by_Monte_Carlo_within_its_sampling_error()
    {
        var (counts, expected) = Case("tumour");
        var estimate = ContingencyTests.FisherFreemanHalton(counts, maxTables: 10, monteCarloTables: 20_000);
        Assert.False(estimate.IsExact);
        Assert.Equal(20_000, estimate.MonteCarloTables);
        // Binomial standard error of p over 20,000 tables is about 0.0035; 4 SE leaves room for the fixed seed.
        double se = Math.Sqrt(expected * (1 - expected) / 20_000);
        Assert.True(Math.Abs(estimate.P - expected) <= 4 * se, $"Monte Carlo {estimate.P:R}, exact {expected:R}");
        // A fixed seed: the dashboards and the report print the same estimate.
        Assert.Equal(estimate.P, ContingencyTests.FisherFreemanHalton(counts, maxTables: 10, monteCarloTables: 20_000).P);
    }
}
