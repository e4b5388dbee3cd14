using System.Diagnostics;
using BenchmarkDotNet.Running;
using PvpRegistry.Bench;
using PvpRegistry.Core.Statistics;

// "timing FILE.csv [repeats]": load the CSV once, then time each in-memory fit (after one warm-up run)
// and print one line per fit; used by survival-vs-r.sh. Anything else goes to BenchmarkDotNet.
if (args.Length >= 2 && args[0] == "timing")
{
    int repeats = args.Length > 2 ? int.Parse(args[2]) : 5;
    var load = Stopwatch.StartNew();
    var data = SurvivalData.Load(args[1]);
    Console.WriteLine($"dotnet load_csv    {load.Elapsed.TotalSeconds:F3} s ({data.Time.Length} rows)");
    var fit = Cox.Fit(data.Time, data.Died, data.X, SurvivalData.Covariates, CoxTies.Efron);
    Console.WriteLine($"dotnet coxph loglik {fit.LogLik:R} after {fit.Iterations} iterations, survdiff chisq {LogRank.Test(data.Time, data.Died, data.Groups).ChiSquare:R}");
    Time("coxph_efron", () => Cox.Fit(data.Time, data.Died, data.X, SurvivalData.Covariates, CoxTies.Efron).LogLik);
    Time("survfit_group", () => KaplanMeier.FitByGroup(data.Time, data.Died, data.Groups).Count);
    Time("survdiff_group", () => LogRank.Test(data.Time, data.Died, data.Groups).ChiSquare);

    void Time(string name, Func<object> fit)
    {
        var result = fit(); // warm-up
        var times = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            result = fit();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        Console.WriteLine($"dotnet {name,-14} {times[times.Count / 2]:F3} s (median of {repeats}; min {times[0]:F3} s)");
        GC.KeepAlive(result);
    }
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(SurvivalBenchmarks).Assembly).Run(args);
return 0;
