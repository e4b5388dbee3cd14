using System.Globalization;
using System.Text.Json.Serialization;
using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Cli.Analysis;

/// <summary>
/// The study result in the JSON shape of the reference file <c>cohort-demo.json</c>: snake_case, null where a value
/// does not exist. Keys beyond the reference (descriptives, Fisher, stepwise Cox, prognostic index, notes) are extras.
/// </summary>
internal sealed record StudyJson(
    int N, double MonthsPerDay, IReadOnlyList<StudyGroupJson> Groups, IReadOnlyList<SurvivalFactorJson> Km,
    CoxJson? CoxBreslow, CoxJson? CoxStepwise, IReadOnlyList<PrognosticIndexJson> PrognosticIndex,
    RmAnovaJson? VasRmAnova, IReadOnlyList<VasVisitJson> VasByVisit, BaselineJson Baseline,
    IReadOnlyList<KpsPairedJson> KpsPaired, [property: JsonPropertyName("kps_1m_between")] TTestJson? Kps1mBetween,
    SpearmanJson? SpearmanKpsMonths, IReadOnlyList<string> Notes)
{
    public static StudyJson From(StudyResult r) => new(
        r.N, r.MonthsPerDay, r.Groups.Select(g => new StudyGroupJson(g.Code, g.N)).ToArray(),
        r.Survival.Select(f => SurvivalFactorJson.From(f, r.Options.SurvivalTimesMonths)).ToArray(),
        r.Cox.FinalModel is { } final ? CoxJson.From(final, null) with { Covariates = final.Names, Coding = Coding(r.Cox.FinalCoding) } : null,
        r.Cox.Stepwise is { } stepwise ? CoxJson.From(stepwise.Model, stepwise) with
        {
            Covariates = stepwise.Model.Names, Candidates = Coding(r.Cox.StepwiseCoding), Excluded = r.Cox.StepwiseExcluded,
        } : null,
        r.Cox.PrognosticIndex.Select(p => new PrognosticIndexJson(p.StudyId, p.Value)).ToArray(),
        RmAnovaJson.From(r.Vas.RmAnova),
        r.Vas.ByVisit.Select(v => new VasVisitJson(v.Code,
            v.Groups.Select(g => new VasGroupJson(g.Group, g.Summary?.N ?? 0, g.Summary?.Mean, g.Summary?.Sd)).ToArray())).ToArray(),
        new BaselineJson(TTestJson.From(r.Baseline.Age), TTestJson.From(r.Baseline.KpsPreop), TTestJson.From(r.Baseline.VasPreop),
            CrossTabJson.From(r.Baseline.Sex), CrossTabJson.From(r.Baseline.PrimaryTumor), CrossTabJson.From(r.Baseline.MetastaticSite),
            CrossTabJson.From(r.Baseline.Segments),
            r.Baseline.Sex.Fisher is { } fisher ? new FisherJson(fisher.P, fisher.PLess, fisher.PGreater, fisher.SampleOddsRatio) : null),
        r.Kps.WithinGroups.Select(k => new KpsPairedJson(k.Group, k.Test?.Test.T, k.Test?.Test.Df, k.Test?.Test.P, k.Test?.N ?? 0,
            k.Test?.MeanDifference, k.Test?.SdDifference, SummaryJson.From(k.Test?.Second), SummaryJson.From(k.Test?.First))).ToArray(),
        TTestJson.From(r.Kps.Between1Month),
        r.SpearmanKpsPreopMonths is { } s ? new SpearmanJson(s.Rho, s.P, s.N) : null,
        r.Notes.Select(n => n.Text).ToArray());

    private static CovariateCodingJson[] Coding(IReadOnlyList<StudyCovariate> coding) =>
        coding.Select(c => new CovariateCodingJson(c.Name, c.Factor, c.Coding)).ToArray();
}

internal sealed record StudyGroupJson(string Name, int N);

internal sealed record PrognosticIndexJson(string StudyId, double Pi);

internal sealed record SpearmanJson(double Rho, double P, int N);

internal sealed record SurvivalFactorJson(string Factor, string Label, double? LogrankChisq, double? LogrankDf, double? LogrankP, int Excluded,
    IReadOnlyList<SurvivalGroupJson> Groups)
{
    public static SurvivalFactorJson From(StudySurvivalFactor f, IReadOnlyList<double> times) => new(
        f.Factor, f.Label, f.LogRank?.ChiSquare, f.LogRank?.Df, f.LogRank?.P, f.Excluded,
        f.Groups.Select(g =>
        {
            var json = new SurvivalGroupJson(g.Name, g.Curve.N, g.Curve.Events, g.Curve.Median, g.Curve.MedianLower, g.Curve.MedianUpper);
            for (int i = 0; i < times.Count; i++)
            {
                string key = "survival_" + times[i].ToString("R", CultureInfo.InvariantCulture);
                json.AtTimes[key] = g.AtTimes[i].Survival;
                json.AtTimes[key + "_lower"] = g.AtTimes[i].Lower;
                json.AtTimes[key + "_upper"] = g.AtTimes[i].Upper;
            }
            return json;
        }).ToArray());
}

internal sealed record SurvivalGroupJson(string Name, int N, int Events, double? Median, double? MedianLower, double? MedianUpper)
{
    /// <summary><c>survival_6</c>, <c>survival_6_lower</c>, ... for each of the study's survival times, after the other keys.</summary>
    [JsonExtensionData]
    public Dictionary<string, object?> AtTimes { get; } = [];
}

internal sealed record VasVisitJson(string Visit, IReadOnlyList<VasGroupJson> Groups);

internal sealed record VasGroupJson(string Group, int N, double? Mean, double? Sd);

internal sealed record BaselineJson(TTestJson? AgeT, TTestJson? KpsPreopT, TTestJson? VasPreopT, CrossTabJson SexChisq, CrossTabJson TumorChisq,
    CrossTabJson SiteChisq, CrossTabJson SegmentsChisq, FisherJson? SexFisher);

internal sealed record FisherJson(double P, double PLess, double PGreater, double? OddsRatio);

internal sealed record CrossTabJson(double? Chisq, int? Df, double? P, IReadOnlyList<string> Levels, IReadOnlyList<string> Groups, IReadOnlyList<int[]> Counts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Warning)
{
    public static CrossTabJson From(StudyCrossTab x) => new(x.ChiSquare?.ChiSquare, x.ChiSquare?.Df, x.ChiSquare?.P, x.Table.RowLevels, x.Table.ColumnLevels,
        Enumerable.Range(0, x.Table.Counts.GetLength(0)).Select(i => Enumerable.Range(0, x.Table.Counts.GetLength(1)).Select(j => x.Table.Counts[i, j]).ToArray()).ToArray(),
        x.ChiSquare?.Warning);
}

internal sealed record TTestJson(double T, double Df, double P, double MeanDifference, double StdError, double CiLower, double CiUpper, WelchJson? Welch,
    SummaryJson? Group1, SummaryJson? Group2)
{
    public static TTestJson? From(IndependentTTestResult? t) => t is null ? null : new(
        t.Student.T, t.Student.Df, t.Student.P, t.MeanDifference, t.Student.StdError, t.Student.CiLower, t.Student.CiUpper,
        t.Welch is { } w ? new WelchJson(w.T, w.Df, w.P, w.StdError, w.CiLower, w.CiUpper) : null,
        SummaryJson.From(t.Group1), SummaryJson.From(t.Group2));
}

internal sealed record WelchJson(double T, double Df, double P, double StdError, double CiLower, double CiUpper);

internal sealed record SummaryJson(int N, double Mean, double? Sd)
{
    public static SummaryJson? From(SampleSummary? s) => s is null ? null : new(s.N, s.Mean, s.Sd);
}

internal sealed record KpsPairedJson(string Group, double? T, double? Df, double? P, int N, double? MeanDifference, double? SdDifference,
    SummaryJson? Preop, SummaryJson? Month1);

/// <summary>
/// A repeated-measures ANOVA: the keys of obk.json <c>rmanova</c>, plus sums of squares, cell means and Mauchly.
/// <c>epsilon_hf</c> and <c>p_hf</c> are Lecoutre's (R's car and afex); <c>epsilon_hf_spss</c> and <c>p_hf_spss</c> are
/// Huynh and Feldt's original formula, as SPSS prints it (the study screens and report show SPSS's).
/// </summary>
internal sealed record RmAnovaJson(int N, int Excluded, int Levels, RmTestJson Between, RmTestJson Time, RmTestJson Interaction,
    double EpsilonGg, double EpsilonHf, double EpsilonHfSpss, double EpsilonLowerBound, double MsError, MauchlyJson? Mauchly, IReadOnlyList<RmGroupJson> Groups,
    IReadOnlyList<string> Warnings) : CsvAnalysisJson
{
    public static RmAnovaJson? From(RepeatedMeasuresAnovaResult? a) => a is null ? null : new(
        a.N, a.Excluded, a.Levels, RmTestJson.From(a.Between), RmTestJson.From(a.Time), RmTestJson.From(a.Interaction),
        a.EpsilonGreenhouseGeisser, a.EpsilonHuynhFeldt, a.EpsilonHuynhFeldtSpss, a.EpsilonLowerBound, a.MsError,
        a.Mauchly is { } m ? new MauchlyJson(m.W, m.ChiSquare, m.Df, m.P) : null,
        a.Groups.Select(g => new RmGroupJson(g.Group, g.N, g.Means, g.Sds)).ToArray(), a.Warnings.Select(w => w.Text).ToArray());
}

internal sealed record MauchlyJson(double W, double Chisq, int Df, double P);

internal sealed record RmGroupJson(string Name, int N, IReadOnlyList<double> Means, IReadOnlyList<double?> Sds);

/// <param name="PGg">Greenhouse-Geisser and Huynh-Feldt p (<paramref name="PHf"/>): written for the within-subject tests only.</param>
internal sealed record RmTestJson(double Df, double DfError, double F, double P,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? PGg,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? PHf,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? PHfSpss,
    double Ss, double SsError, double Ms)
{
    public static RmTestJson From(RmAnovaTest t)
    {
        // Both keys or neither: a missing one of the two is null (NaN is written as null).
        bool corrected = t.PGreenhouseGeisser is not null || t.PHuynhFeldt is not null;
        return new(t.Df, t.DfError, t.F, t.P,
            corrected ? t.PGreenhouseGeisser ?? double.NaN : null, corrected ? t.PHuynhFeldt ?? double.NaN : null,
            corrected ? t.PHuynhFeldtSpss ?? double.NaN : null,
            t.SumOfSquares, t.ErrorSumOfSquares, t.MeanSquare);
    }
}
