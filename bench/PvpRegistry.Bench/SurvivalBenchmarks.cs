using BenchmarkDotNet.Attributes;
using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Bench;

/// <summary>In-memory fits on 1,000,000 synthetic subjects (integer days, heavy ties, 3 groups, 7 covariates).</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class SurvivalBenchmarks
{
    private SurvivalData _data = null!;

    [Params(1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => _data = SurvivalData.Synthetic(N);

    [Benchmark]
    public CoxFit CoxEfron() => Cox.Fit(_data.Time, _data.Died, _data.X, SurvivalData.Covariates, CoxTies.Efron);

    [Benchmark]
    public CoxFit CoxBreslow() => Cox.Fit(_data.Time, _data.Died, _data.X, SurvivalData.Covariates, CoxTies.Breslow);

    [Benchmark]
    public IReadOnlyList<SurvivalCurve> KaplanMeierByGroup() => KaplanMeier.FitByGroup(_data.Time, _data.Died, _data.Groups);

    [Benchmark]
    public LogRankResult LogRankThreeGroups() => LogRank.Test(_data.Time, _data.Died, _data.Groups);
}
