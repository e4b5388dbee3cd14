using PvpRegistry.Cli.Analysis;
using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Bench;

/// <summary>A survival dataset in memory: integer-day times, 0/1 events, 3 groups, 7 covariates.</summary>
public sealed class SurvivalData
{
    public static readonly string[] Covariates = ["x1", "x2", "x3", "x4", "x5", "x6", "x7"];

    public required double[] Time { get; init; }
    public required bool[] Died { get; init; }
    public required GroupLevels Groups { get; init; }
    public required double[][] X { get; init; }

    /// <summary>The columns time, status, group, x1..x7 of a CSV such as bench/survival-vs-r.sh writes.</summary>
    public static SurvivalData Load(string path)
    {
        var data = AnalysisCsv.Read(path, ["time", "status", .. Covariates], "group");
        return new SurvivalData
        {
            Time = data.Numeric("time"),
            Died = data.Events("status").Died,
            Groups = data.Groups!,
            X = Covariates.Select(data.Numeric).ToArray(),
        };
    }

    /// <summary>Synthetic data shaped like the R script's: exponential times with censoring, rounded up to days.</summary>
    public static SurvivalData Synthetic(int n, int seed = 1)
    {
        var rng = new Random(seed);
        var x = Covariates.Select(_ => new double[n]).ToArray();
        var time = new double[n];
        var died = new bool[n];
        var codes = new int[n];
        double[] beta = [0.3, -0.2, 0.1, 0.05, 0, 0.15, -0.1];
        for (int i = 0; i < n; i++)
        {
            double lp = 0;
            for (int j = 0; j < beta.Length; j++)
            {
                double v = j == 0 ? rng.Next(2) : Gaussian(rng);
                x[j][i] = v;
                lp += beta[j] * v;
            }
            codes[i] = rng.Next(3);
            lp += codes[i] == 1 ? 0.2 : codes[i] == 2 ? -0.1 : 0;
            double t = -Math.Log(1 - rng.NextDouble()) / (0.001 * Math.Exp(lp));
            double c = rng.NextDouble() * 2000;
            died[i] = t <= c;
            time[i] = Math.Max(1, Math.Ceiling(Math.Min(t, c)));
        }
        return new SurvivalData { Time = time, Died = died, Groups = new GroupLevels(["A", "B", "C"], codes), X = x };
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
