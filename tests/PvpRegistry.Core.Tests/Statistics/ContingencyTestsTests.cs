using PvpRegistry.Core.Statistics;
using static PvpRegistry.Core.Tests.Statistics.TestsReference;

namespace PvpRegistry.Core.Tests.Statistics;

public class ContingencyTestsTests
{
    private const double Tolerance = 1e-9;

    private static void AssertChiSquareMatches(string name, ChiSquareResult result)
    {
        var expected = Reference.At($"chisq.{name}");
        Close(expected, "chisq", result.ChiSquare, Tolerance);
        Assert.Equal(expected.At("df").GetInt32(), result.Df);
        Close(expected, "p", result.P, Tolerance);
        var expectedCounts = expected.DoubleMatrix("expected");
        Assert.Equal(expectedCounts.GetLength(0), result.Expected.GetLength(0));
        Assert.Equal(expectedCounts.GetLength(1), result.Expected.GetLength(1));
        for (var i = 0; i < expectedCounts.GetLength(0); i++)
            for (var j = 0; j < expectedCounts.GetLength(1); j++)
                Close(expectedCounts[i, j], result.Expected[i, j], Tolerance, $"expected[{i},{j}]");
    }

    [Theory]
    [InlineData("two_by_two")]
    [InlineData("mtcars_cyl_by_am")]
    public void Pearson_chi_square_without_correction_matches_R(string name)
    {
        var result = ContingencyTests.PearsonChiSquare(Reference.IntMatrix($"chisq.{name}.table"));

        AssertChiSquareMatches(name, result);
    }

    [Theory]
    [InlineData("sex", "sex", "sex_chisq")]
    [InlineData("metastatic_site", "site", "site_chisq")]
    [InlineData("segments", "segments", "segments_chisq")]
    public void Baseline_tables_of_the_cohort_match_R_and_the_study_reference(string column, string name, string studyKey)
    {
        var values = CohortData.Text(column);
        if (column == "segments")
            values = values.Select(v => int.Parse(v!) >= 3 ? "3+" : v).ToArray();

        var table = ContingencyTests.CrossTabulate(values, CohortData.Text("group"));
        var result = ContingencyTests.PearsonChiSquare(table);

        Assert.Equal(["pvp", "pvp_i125"], table.ColumnLevels);
        Assert.Equal(62, table.Total);
        AssertChiSquareMatches($"cohort_{name}", result);
        var study = StudyReference.At($"baseline.{studyKey}");
        Close(study, "chisq", result.ChiSquare, 1e-6);
        Close(study, "p", result.P, 1e-6);
    }

    [Fact]
    public void Small_expected_counts_come_with_a_warning()
    {
        var sparse = ContingencyTests.PearsonChiSquare(Reference.IntMatrix("chisq.mtcars_cyl_by_am.table"));
        var ample = ContingencyTests.PearsonChiSquare(Reference.IntMatrix("chisq.two_by_two.table"));

        Assert.Equal(3, sparse.CellsExpectedBelow5);
        Assert.Contains("less than 5", sparse.Warning);
        Assert.Null(ample.Warning);
    }

    [Theory]
    [InlineData("tea_tasting")]
    [InlineData("convictions")]
    [InlineData("two_by_two")]
    [InlineData("cohort_sex")]
    public void Fisher_exact_matches_R_fisher_test(string name)
    {
        var expected = Reference.At($"fisher.{name}");

        var result = ContingencyTests.FisherExact(expected.IntMatrix("table"));

        Close(expected, "p", result.P, Tolerance);
        Close(expected, "p_less", result.PLess, Tolerance);
        Close(expected, "p_greater", result.PGreater, Tolerance);
    }

    [Fact]
    public void Fisher_counts_tables_as_likely_as_the_observed_one_in_the_two_sided_p()
    {
        // Symmetric margins: the mirror table has the same probability and must be included.
        var result = ContingencyTests.FisherExact(new[,] { { 3, 1 }, { 1, 3 } });

        Assert.Equal(34.0 / 70.0, result.P, 12);
        Assert.Equal(9.0, result.SampleOddsRatio);
    }

    [Fact]
    public void Cross_tabulation_skips_missing_values_and_sorts_levels()
    {
        var table = ContingencyTests.CrossTabulate(["b", "a", null, "a"], ["y", "x", "x", null]);

        Assert.Equal(["a", "b"], table.RowLevels);
        Assert.Equal(["x", "y"], table.ColumnLevels);
        Assert.Equal(new[,] { { 1, 0 }, { 0, 1 } }, table.Counts);
    }

    [Fact]
    public void Degenerate_tables_are_rejected_with_a_clear_message()
    {
        var emptyRow = Assert.ThrowsAny<ArgumentException>(() => ContingencyTests.PearsonChiSquare(new[,] { { 1, 2 }, { 0, 0 } }));
        Assert.Contains("empty", emptyRow.Message);
        Assert.ThrowsAny<ArgumentException>(() => ContingencyTests.PearsonChiSquare(new[,] { { 1, 2 } }));
        Assert.ThrowsAny<ArgumentException>(() => ContingencyTests.PearsonChiSquare(new[,] { { 1, -2 }, { 3, 4 } }));
        Assert.ThrowsAny<ArgumentException>(() => ContingencyTests.FisherExact(new[,] { { 1, 2, 3 }, { 4, 5, 6 } }));
        Assert.ThrowsAny<ArgumentException>(() => ContingencyTests.FisherExact(new[,] { { 0, 0 }, { 0, 0 } }));
    }

    [Fact]
    public void Fisher_with_an_empty_margin_has_only_one_possible_table()
    {
        var result = ContingencyTests.FisherExact(new[,] { { 0, 0 }, { 2, 5 } });

        Assert.Equal(1.0, result.P, 12);
        Assert.Null(result.SampleOddsRatio);
    }
}
