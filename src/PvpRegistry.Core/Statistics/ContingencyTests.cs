using MathNet.Numerics;

namespace PvpRegistry.Core.Statistics;

/// <summary>A cross-tabulation with its row and column levels (sorted ordinally, as R's factor in the C locale).</summary>
public sealed record ContingencyTable(IReadOnlyList<string> RowLevels, IReadOnlyList<string> ColumnLevels, int[,] Counts)
{
    public int Total
    {
        get
        {
            var total = 0;
            foreach (var c in Counts) total += c;
            return total;
        }
    }
}

/// <summary>Pearson's chi-square test of independence without continuity correction (R chisq.test(correct = FALSE), SPSS "Pearson Chi-Square").</summary>
/// <param name="Expected">Expected counts under independence, row total x column total / n.</param>
/// <param name="CellsExpectedBelow5">Cells with an expected count below 5 (SPSS footnote).</param>
/// <param name="MinExpected">Smallest expected count.</param>
/// <param name="Warning">Set when the chi-square approximation may be poor (any expected count below 5), as R and SPSS warn.</param>
public sealed record ChiSquareResult(
    double ChiSquare,
    int Df,
    double P,
    int N,
    int[,] Observed,
    double[,] Expected,
    int CellsExpectedBelow5,
    double MinExpected,
    string? Warning);

/// <summary>Fisher's exact test of a 2x2 table, conditional on the margins (R fisher.test).</summary>
/// <param name="P">Two-sided p: the sum of the probabilities of all tables no more likely than the observed one (R's rule, relative tolerance 1e-7).</param>
/// <param name="PLess">One-sided p for an odds ratio below 1: P(X &lt;= observed top-left count).</param>
/// <param name="PGreater">One-sided p for an odds ratio above 1: P(X &gt;= observed top-left count).</param>
/// <param name="SampleOddsRatio">(a d) / (b c); infinite or 0 with an empty cell, null for 0/0.</param>
public sealed record FisherExactResult(double P, double PLess, double PGreater, int[,] Observed, double? SampleOddsRatio);

/// <summary>
/// The Fisher-Freeman-Halton exact test of an r x c table (R <c>fisher.test</c>; SPSS Crosstabs, Exact...): the p of
/// the tables with the observed margins no more likely than the observed one.
/// </summary>
/// <param name="P">Exact p, or the Monte Carlo estimate when <paramref name="MonteCarloTables"/> is set.</param>
/// <param name="MonteCarloTables">Null when every table was enumerated; else the number of random tables drawn (fixed seed,
/// so the dashboards and the report print the same p), as R's <c>simulate.p.value = TRUE</c> and SPSS's Monte Carlo option.</param>
/// <param name="TablesEnumerated">Tables with the observed margins that were enumerated (0 for Monte Carlo).</param>
public sealed record FisherFreemanHaltonResult(double P, int? MonteCarloTables, long TablesEnumerated)
{
    public bool IsExact => MonteCarloTables is null;
}

/// <summary>Tests on contingency tables: Pearson chi-square for r x c, Fisher's exact test for 2x2 and Fisher-Freeman-Halton for r x c.</summary>
public static class ContingencyTests
{
    /// <summary>Tables enumerated at most before the exact test gives way to Monte Carlo (SPSS's exact option has a time limit for the same reason).</summary>
    public const long MaxEnumeratedTables = 2_000_000;

    /// <summary>Random tables of the Monte Carlo estimate (R's default B).</summary>
    public const int MonteCarloTables = 2000;

    /// <summary>The Fisher-Freeman-Halton test of a cross-tabulation.</summary>
    public static FisherFreemanHaltonResult FisherFreemanHalton(ContingencyTable table, long maxTables = MaxEnumeratedTables, int monteCarloTables = MonteCarloTables) =>
        FisherFreemanHalton(table.Counts, maxTables, monteCarloTables);

    /// <summary>
    /// Fisher-Freeman-Halton on an r x c table (empty rows and columns are dropped). Every table with the observed margins is
    /// enumerated, row by row with each cell bounded by the column totals still open; its probability is the multivariate
    /// hypergeometric Π r_i! Π c_j! / (n! Π n_ij!), and p sums those no larger than the observed one (relative tolerance 1e-7, as R).
    /// Beyond <paramref name="maxTables"/> tables, p is estimated from <paramref name="monteCarloTables"/> tables drawn with the
    /// observed margins (random permutations of the column labels), as R's simulate.p.value: (1 + tables no more likely) / (B + 1).
    /// </summary>
    public static FisherFreemanHaltonResult FisherFreemanHalton(int[,] observed, long maxTables = MaxEnumeratedTables, int monteCarloTables = MonteCarloTables, int seed = 20261201)
    {
        var (allRows, allColumns, n) = Margins(observed, allowEmptyMargins: true);
        int[] rowAt = Enumerable.Range(0, allRows.Length).Where(i => allRows[i] > 0).ToArray();
        int[] columnAt = Enumerable.Range(0, allColumns.Length).Where(j => allColumns[j] > 0).ToArray();
        if (rowAt.Length < 2 || columnAt.Length < 2) return new FisherFreemanHaltonResult(1, null, 1);
        int r = rowAt.Length, c = columnAt.Length;
        var x = new int[r, c];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) x[i, j] = observed[rowAt[i], columnAt[j]];
        var rows = rowAt.Select(i => allRows[i]).ToArray();
        var columns = columnAt.Select(j => allColumns[j]).ToArray();
        var lnFactorial = new double[n + 1];
        for (int k = 2; k <= n; k++) lnFactorial[k] = lnFactorial[k - 1] + Math.Log(k);
        double observedSum = 0; // Σ ln n_ij!: the larger, the less likely the table
        foreach (var v in x) observedSum += lnFactorial[v];

        var exact = Enumerate(rows, columns, n, lnFactorial, observedSum, maxTables);
        if (exact is { } e) return new FisherFreemanHaltonResult(Math.Min(1, e.P), null, e.Tables);
        return new FisherFreemanHaltonResult(MonteCarlo(rows, columns, lnFactorial, observedSum, monteCarloTables, seed), monteCarloTables, 0);
    }

    private static (double P, long Tables)? Enumerate(int[] rows, int[] columns, int n, double[] lnFactorial, double observedSum, long maxTables)
    {
        int r = rows.Length, c = columns.Length;
        double constant = rows.Sum(v => lnFactorial[v]) + columns.Sum(v => lnFactorial[v]) - lnFactorial[n];
        double observedP = Math.Exp(constant - observedSum);
        double threshold = observedP * (1 + 1e-7);
        var open = (int[])columns.Clone();
        double p = 0;
        long tables = 0;
        bool tooMany = false;

        // Row i, column j, what is left of the row's total, and Σ ln n! of the cells filled so far.
        void Cell(int i, int j, int rowLeft, double sum)
        {
            if (tooMany) return;
            if (i == r - 1)
            {
                // The last row is what the columns have left.
                double total = sum;
                for (int k = 0; k < c; k++) total += lnFactorial[open[k]];
                double prob = Math.Exp(constant - total);
                if (prob <= threshold) p += prob;
                if (++tables > maxTables) tooMany = true;
                return;
            }
            if (j == c - 1)
            {
                if (rowLeft > open[j]) return;
                open[j] -= rowLeft;
                Cell(i + 1, 0, i + 1 < r ? rows[i + 1] : 0, sum + lnFactorial[rowLeft]);
                open[j] += rowLeft;
                return;
            }
            int laterOpen = 0;
            for (int k = j + 1; k < c; k++) laterOpen += open[k];
            int lo = Math.Max(0, rowLeft - laterOpen), hi = Math.Min(rowLeft, open[j]);
            for (int v = lo; v <= hi && !tooMany; v++)
            {
                open[j] -= v;
                Cell(i, j + 1, rowLeft - v, sum + lnFactorial[v]);
                open[j] += v;
            }
        }

        Cell(0, 0, rows[0], 0);
        return tooMany ? null : (p, tables);
    }

    private static double MonteCarlo(int[] rows, int[] columns, double[] lnFactorial, double observedSum, int tables, int seed)
    {
        int n = rows.Sum();
        var rowOf = new int[n];
        var columnOf = new int[n];
        for (int i = 0, at = 0; i < rows.Length; i++) for (int k = 0; k < rows[i]; k++) rowOf[at++] = i;
        for (int j = 0, at = 0; j < columns.Length; j++) for (int k = 0; k < columns[j]; k++) columnOf[at++] = j;
        var random = new Random(seed);
        var counts = new int[rows.Length * columns.Length];
        double almostOne = 1 + 64 * 2.220446049250313e-16; // R: 1 + 64 * .Machine$double.eps
        int asExtreme = 0;
        for (int b = 0; b < tables; b++)
        {
            random.Shuffle(columnOf);
            Array.Clear(counts);
            for (int k = 0; k < n; k++) counts[rowOf[k] * columns.Length + columnOf[k]]++;
            double sum = 0;
            foreach (var v in counts) sum += lnFactorial[v];
            if (sum >= observedSum / almostOne) asExtreme++;
        }
        return (1.0 + asExtreme) / (tables + 1.0);
    }

    /// <summary>
    /// Counts the pairs (row value, column value) into a table. Levels are the distinct values
    /// present, sorted ordinally; null entries are dropped pairwise (missing).
    /// </summary>
    public static ContingencyTable CrossTabulate(IReadOnlyList<string?> rows, IReadOnlyList<string?> columns)
    {
        if (rows.Count != columns.Count)
            throw new ArgumentException($"Row and column values must be aligned (got {rows.Count} and {columns.Count}).");
        // Count by the order of first appearance, then sort the levels and move the counts with them.
        var rowIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var columnIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var pairs = new Dictionary<(int, int), int>();
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i] is not { } row || columns[i] is not { } column) continue;
            if (!rowIndex.TryGetValue(row, out int r)) rowIndex.Add(row, r = rowIndex.Count);
            if (!columnIndex.TryGetValue(column, out int c)) columnIndex.Add(column, c = columnIndex.Count);
            pairs[(r, c)] = pairs.GetValueOrDefault((r, c)) + 1;
        }
        var rowLevels = rowIndex.Keys.Order(StringComparer.Ordinal).ToArray();
        var columnLevels = columnIndex.Keys.Order(StringComparer.Ordinal).ToArray();
        var rowAt = new int[rowLevels.Length];
        for (int k = 0; k < rowLevels.Length; k++) rowAt[rowIndex[rowLevels[k]]] = k;
        var columnAt = new int[columnLevels.Length];
        for (int k = 0; k < columnLevels.Length; k++) columnAt[columnIndex[columnLevels[k]]] = k;
        var counts = new int[rowLevels.Length, columnLevels.Length];
        foreach (var ((r, c), count) in pairs) counts[rowAt[r], columnAt[c]] = count;
        return new ContingencyTable(rowLevels, columnLevels, counts);
    }

    /// <summary>Pearson chi-square of a cross-tabulation.</summary>
    public static ChiSquareResult PearsonChiSquare(ContingencyTable table) => PearsonChiSquare(table.Counts);

    /// <summary>
    /// Pearson chi-square without continuity correction, df = (r - 1)(c - 1). Needs at least two
    /// rows and two columns, none of them empty.
    /// </summary>
    public static ChiSquareResult PearsonChiSquare(int[,] observed)
    {
        var (rowTotals, columnTotals, n) = Margins(observed);
        int r = rowTotals.Length, c = columnTotals.Length;
        if (r < 2 || c < 2)
            throw new UnsupportedDataException(new("stats_chi_square_too_small", r, c));

        var expected = new double[r, c];
        double chiSquare = 0, minExpected = double.PositiveInfinity;
        var below5 = 0;
        for (var i = 0; i < r; i++)
            for (var j = 0; j < c; j++)
            {
                var e = (double)rowTotals[i] * columnTotals[j] / n;
                expected[i, j] = e;
                var diff = observed[i, j] - e;
                chiSquare += diff * diff / e;
                minExpected = Math.Min(minExpected, e);
                if (e < 5) below5++;
            }

        var df = (r - 1) * (c - 1);
        var warning = below5 == 0
            ? null
            : $"{below5} cells ({100.0 * below5 / (r * c):0.0}%) have expected count less than 5; " +
              $"the minimum expected count is {minExpected:0.00}. The chi-square approximation may be incorrect.";
        return new ChiSquareResult(chiSquare, df, TestDistributions.ChiSquareUpper(chiSquare, df), n,
            (int[,])observed.Clone(), expected, below5, minExpected, warning);
    }

    /// <summary>Fisher's exact test of a 2x2 cross-tabulation.</summary>
    public static FisherExactResult FisherExact(ContingencyTable table) => FisherExact(table.Counts);

    /// <summary>
    /// Fisher's exact test of a 2x2 table [[a, b], [c, d]], conditional on both margins; the
    /// top-left count follows the hypergeometric distribution. Two-sided p as R's fisher.test.
    /// </summary>
    public static FisherExactResult FisherExact(int[,] observed)
    {
        if (observed.GetLength(0) != 2 || observed.GetLength(1) != 2)
            throw new UnsupportedDataException(new("stats_fisher_not_2x2", observed.GetLength(0), observed.GetLength(1)));
        var (rowTotals, columnTotals, _) = Margins(observed, allowEmptyMargins: true);

        int x = observed[0, 0];
        int m = columnTotals[0];          // "white balls": first column
        int nOther = columnTotals[1];     // "black balls": second column
        int k = rowTotals[0];             // draws: first row
        int lo = Math.Max(0, k - nOther), hi = Math.Min(k, m);

        // R's dnhyper: log densities over the support, rescaled by the largest, normalised.
        var logDensity = new double[hi - lo + 1];
        for (var i = 0; i < logDensity.Length; i++)
            logDensity[i] = LogHypergeometric(lo + i, m, nOther, k);
        var max = logDensity.Max();
        var density = logDensity.Select(l => Math.Exp(l - max)).ToArray();
        var sum = density.Sum();
        for (var i = 0; i < density.Length; i++) density[i] /= sum;

        const double relativeError = 1 + 1e-7;
        var observedDensity = density[x - lo];
        double p = 0, pLess = 0, pGreater = 0;
        for (var i = 0; i < density.Length; i++)
        {
            if (density[i] <= observedDensity * relativeError) p += density[i];
            if (lo + i <= x) pLess += density[i];
            if (lo + i >= x) pGreater += density[i];
        }

        double a = observed[0, 0], b = observed[0, 1], c = observed[1, 0], d = observed[1, 1];
        double? oddsRatio = a * d == 0 && b * c == 0 ? null : a * d / (b * c);
        return new FisherExactResult(Math.Min(1, p), Math.Min(1, pLess), Math.Min(1, pGreater),
            (int[,])observed.Clone(), oddsRatio);
    }

    private static double LogHypergeometric(int x, int m, int n, int k) =>
        SpecialFunctions.BinomialLn(m, x) + SpecialFunctions.BinomialLn(n, k - x) - SpecialFunctions.BinomialLn(m + n, k);

    private static (int[] Rows, int[] Columns, int N) Margins(int[,] observed, bool allowEmptyMargins = false)
    {
        int r = observed.GetLength(0), c = observed.GetLength(1);
        var rows = new int[r];
        var columns = new int[c];
        for (var i = 0; i < r; i++)
            for (var j = 0; j < c; j++)
            {
                var v = observed[i, j];
                if (v < 0) throw new ArgumentException($"Cell [{i}, {j}] has a negative count ({v}).", nameof(observed));
                rows[i] += v;
                columns[j] += v;
            }
        if (rows.Sum() == 0) throw new UnsupportedDataException(new("stats_table_empty"), nameof(observed));
        if (allowEmptyMargins) return (rows, columns, rows.Sum());
        for (var i = 0; i < r; i++)
            if (rows[i] == 0) throw new UnsupportedDataException(new("stats_table_row_empty", i), nameof(observed));
        for (var j = 0; j < c; j++)
            if (columns[j] == 0) throw new UnsupportedDataException(new("stats_table_column_empty", j), nameof(observed));
        return (rows, columns, rows.Sum());
    }
}
