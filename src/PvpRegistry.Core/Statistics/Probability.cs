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

internal static class Matrices
{
    /// <summary>
    /// In-place Cholesky of a symmetric positive definite matrix (lower triangle used). Returns the
    /// index of the first column found not positive (pivot &lt;= tol × its diagonal), or -1.
    /// </summary>
    public static int Cholesky(double[,] a, double tol = 1e-9)
    {
        int n = a.GetLength(0);
        for (int j = 0; j < n; j++)
        {
            double diag = a[j, j];
            double s = diag;
            for (int k = 0; k < j; k++) s -= a[j, k] * a[j, k];
            if (!(s > tol * Math.Abs(diag)) || !(s > 0)) return j;
            double l = Math.Sqrt(s);
            a[j, j] = l;
            for (int i = j + 1; i < n; i++)
            {
                double v = a[i, j];
                for (int k = 0; k < j; k++) v -= a[i, k] * a[j, k];
                a[i, j] = v / l;
            }
        }
        return -1;
    }

    /// <summary>Solves L L' x = b with the factor from <see cref="Cholesky"/>.</summary>
    public static double[] CholeskySolve(double[,] l, ReadOnlySpan<double> b)
    {
        int n = l.GetLength(0);
        var x = b.ToArray();
        for (int i = 0; i < n; i++)
        {
            double v = x[i];
            for (int k = 0; k < i; k++) v -= l[i, k] * x[k];
            x[i] = v / l[i, i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double v = x[i];
            for (int k = i + 1; k < n; k++) v -= l[k, i] * x[k];
            x[i] = v / l[i, i];
        }
        return x;
    }

    /// <summary>Inverse from the Cholesky factor.</summary>
    public static double[,] CholeskyInverse(double[,] l)
    {
        int n = l.GetLength(0);
        var inv = new double[n, n];
        var e = new double[n];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(e);
            e[j] = 1;
            var col = CholeskySolve(l, e);
            for (int i = 0; i < n; i++) inv[i, j] = col[i];
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                inv[i, j] = inv[j, i] = (inv[i, j] + inv[j, i]) / 2;
        return inv;
    }

    /// <summary>Solves a symmetric positive definite system; null when singular.</summary>
    public static double[]? SolveSymmetric(double[,] a, double[] b)
    {
        var copy = (double[,])a.Clone();
        return Cholesky(copy) >= 0 ? null : CholeskySolve(copy, b);
    }
}
