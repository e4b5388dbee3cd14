using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace PvpRegistry.Core.Statistics;

internal static class Probability
{
    /// <summary>Upper tail of chi-square, accurate for tiny p (R <c>pchisq(x, df, lower.tail = FALSE)</c>).</summary>
    public static double ChiSquareUpper(double x, int df)
        => x <= 0 ? 1 : SpecialFunctions.GammaUpperRegularized(df / 2.0, x / 2.0);

    public static double NormalQuantile(double p) => Normal.InvCDF(0, 1, p);
}

/// <summary>
/// Symmetric positive semi-definite systems as R's survival package solves them (<c>cholesky2</c>,
/// <c>chsolve2</c>, <c>chinv2</c>): an L D L' decomposition in place (unit L below the diagonal, D on it)
/// where a pivot below <c>toler</c> × the largest diagonal element marks its column singular and is set to 0;
/// singular columns get 0 in solutions and 0 rows and columns in the inverse (R then reports them as NA).
/// </summary>
internal static class Matrices
{
    /// <summary>R's <c>toler.chol</c> default, .Machine$double.eps^0.75.</summary>
    public const double DefaultTolerance = 1.8189894035458617e-12;

    /// <summary>Decomposes <paramref name="a"/> in place (upper triangle read); returns the rank (-rank when clearly not non-negative definite).</summary>
    public static int Decompose(double[,] a, double toler = DefaultTolerance)
    {
        int n = a.GetLength(0);
        bool nonNegative = true;
        double eps = 0;
        for (int i = 0; i < n; i++)
        {
            if (a[i, i] > eps) eps = a[i, i];
            for (int j = i + 1; j < n; j++) a[j, i] = a[i, j];
        }
        eps = eps == 0 ? toler : eps * toler;
        int rank = 0;
        for (int i = 0; i < n; i++)
        {
            double pivot = a[i, i];
            if (!double.IsFinite(pivot) || pivot < eps)
            {
                a[i, i] = 0;
                if (pivot < -8 * eps) nonNegative = false;
                continue;
            }
            rank++;
            for (int j = i + 1; j < n; j++)
            {
                double temp = a[j, i] / pivot;
                a[j, i] = temp;
                a[j, j] -= temp * temp * pivot;
                for (int k = j + 1; k < n; k++) a[k, j] -= temp * a[k, i];
            }
        }
        return nonNegative ? rank : -rank;
    }

    /// <summary>Columns of a <see cref="Decompose"/>d matrix found singular.</summary>
    public static IEnumerable<int> SingularColumns(double[,] l)
    {
        for (int i = 0; i < l.GetLength(0); i++) if (l[i, i] == 0) yield return i;
    }

    /// <summary>Solves A x = b with the decomposition of A; x = 0 in singular columns.</summary>
    public static double[] Solve(double[,] l, ReadOnlySpan<double> b)
    {
        int n = l.GetLength(0);
        var y = b.ToArray();
        for (int i = 0; i < n; i++)
        {
            double temp = y[i];
            for (int j = 0; j < i; j++) temp -= y[j] * l[i, j];
            y[i] = temp;
        }
        for (int i = n - 1; i >= 0; i--)
        {
            if (l[i, i] == 0) { y[i] = 0; continue; }
            double temp = y[i] / l[i, i];
            for (int j = i + 1; j < n; j++) temp -= y[j] * l[j, i];
            y[i] = temp;
        }
        return y;
    }

    /// <summary>The (generalised) inverse from the decomposition: 0 rows and columns where singular.</summary>
    public static double[,] Inverse(double[,] decomposed)
    {
        var m = (double[,])decomposed.Clone();
        int n = m.GetLength(0);
        for (int i = 0; i < n; i++)
        {
            if (!(m[i, i] > 0)) continue;
            m[i, i] = 1 / m[i, i];
            for (int j = i + 1; j < n; j++)
            {
                m[j, i] = -m[j, i];
                for (int k = 0; k < i; k++) m[j, k] += m[j, i] * m[i, k];
            }
        }
        for (int i = 0; i < n; i++)
        {
            if (m[i, i] == 0)
            {
                for (int j = 0; j < i; j++) m[j, i] = 0;
                for (int j = i; j < n; j++) m[i, j] = 0;
                continue;
            }
            for (int j = i + 1; j < n; j++)
            {
                double temp = m[j, i] * m[j, j];
                m[i, j] = temp;
                for (int k = i; k < j; k++) m[i, k] += temp * m[j, k];
            }
        }
        var inv = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) inv[i, j] = inv[j, i] = m[i, j];
        return inv;
    }

    /// <summary>Solves a symmetric positive definite system; null when singular.</summary>
    public static double[]? SolveSymmetric(double[,] a, double[] b)
    {
        var copy = (double[,])a.Clone();
        return Decompose(copy) == a.GetLength(0) ? Solve(copy, b) : null;
    }
}
