using MathNet.Numerics;

namespace PvpRegistry.Core.Statistics;

/// <summary>
/// Upper-tail probabilities of the test distributions, computed from the regularized
/// incomplete beta and gamma functions directly (not as 1 - CDF), so that very small
/// p-values keep their relative precision.
/// </summary>
public static class TestDistributions
{
    /// <summary>Two-sided p of Student's t: P(|T| >= |t|) with <paramref name="df"/> degrees of freedom.</summary>
    public static double StudentTTwoSided(double t, double df)
    {
        RequirePositive(df, nameof(df));
        if (double.IsNaN(t)) throw new ArgumentException("t is NaN.", nameof(t));
        if (double.IsInfinity(t)) return 0.0;
        // P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2)
        var x = df / (df + t * t);
        return Math.Min(1.0, SpecialFunctions.BetaRegularized(df / 2.0, 0.5, x));
    }

    /// <summary>P(F >= f) for the F distribution with (<paramref name="df1"/>, <paramref name="df2"/>) degrees of freedom.</summary>
    public static double FUpper(double f, double df1, double df2)
    {
        RequirePositive(df1, nameof(df1));
        RequirePositive(df2, nameof(df2));
        if (double.IsNaN(f)) throw new ArgumentException("F is NaN.", nameof(f));
        if (f <= 0) return 1.0;
        if (double.IsPositiveInfinity(f)) return 0.0;
        // P(F >= f) = I_{df2/(df2 + df1 f)}(df2/2, df1/2)
        var x = df2 / (df2 + df1 * f);
        return SpecialFunctions.BetaRegularized(df2 / 2.0, df1 / 2.0, x);
    }

    /// <summary>P(X >= x) for the chi-square distribution with <paramref name="df"/> degrees of freedom.</summary>
    public static double ChiSquareUpper(double x, double df)
    {
        RequirePositive(df, nameof(df));
        if (double.IsNaN(x)) throw new ArgumentException("Chi-square is NaN.", nameof(x));
        if (x <= 0) return 1.0;
        if (double.IsPositiveInfinity(x)) return 0.0;
        return SpecialFunctions.GammaUpperRegularized(df / 2.0, x / 2.0);
    }

    /// <summary>Quantile of Student's t (lower-tail probability <paramref name="p"/>).</summary>
    public static double StudentTQuantile(double p, double df)
    {
        RequirePositive(df, nameof(df));
        return MathNet.Numerics.Distributions.StudentT.InvCDF(0.0, 1.0, df, p);
    }

    private static void RequirePositive(double df, string name)
    {
        if (!(df > 0) || double.IsInfinity(df))
            throw new ArgumentException($"Degrees of freedom must be positive and finite (was {df}).", name);
    }
}
