using System.Text.Json;
using System.Text.Json.Serialization;
using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Cli.Analysis;

/// <summary>
/// The analyses' results in the JSON shape of the reference files: snake_case records serialized by the
/// source-generated <see cref="AnalysisJsonContext"/>, null where a value does not exist (or is not finite).
/// </summary>
internal static class AnalysisJson
{
    /// <summary>Writes <paramref name="value"/> indented, and a final newline.</summary>
    public static void Print<T>(TextWriter output, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        output.Write(JsonSerializer.Serialize(value, type));
        output.Write('\n');
        output.Flush();
    }

    /// <summary>
    /// The case-processing summary of an analysis, as SPSS prints one: rows read, included, and excluded by reason.
    /// Also written to stderr as one line when rows were excluded, so that a dropped row is never silent.
    /// </summary>
    public static CaseProcessingJson CaseProcessing(AnalysisData data, string verb, TextWriter stderr)
    {
        var json = new CaseProcessingJson(data.Rows + data.Dropped, data.Rows, data.Dropped,
            data.Exclusions.Select(e => new ExclusionJson(e.Reason, e.Rows)).ToArray());
        if (data.Dropped > 0)
            stderr.WriteLine($"{verb}: excluded {data.Dropped} of {json.Rows} rows: {string.Join(", ", data.Exclusions.Select(e => $"{e.Rows} with {e.Reason}"))}.");
        return json;
    }

    public static string ConfType(ConfidenceType type) => type switch
    {
        ConfidenceType.Log => "log",
        ConfidenceType.LogLog => "log-log",
        ConfidenceType.Plain => "plain",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}

/// <summary>Doubles as the reference files have them: the shortest round-trip form, null when not finite.</summary>
internal sealed class FiniteOrNullConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, Converters = [typeof(FiniteOrNullConverter)])]
[JsonSerializable(typeof(KaplanMeierJson))]
[JsonSerializable(typeof(KaplanMeierAtJson[]))]
[JsonSerializable(typeof(EmptyJson))]
[JsonSerializable(typeof(LogRankJson))]
[JsonSerializable(typeof(CoxJson))]
[JsonSerializable(typeof(RmAnovaJson))]
[JsonSerializable(typeof(StudyJson))]
internal sealed partial class AnalysisJsonContext : JsonSerializerContext;

/// <summary>Rows read, included and excluded (by reason) by an analysis.</summary>
internal sealed record CaseProcessingJson(int Rows, int Included, int Excluded, IReadOnlyList<ExclusionJson> Reasons);

internal sealed record ExclusionJson(string Reason, int Rows);

/// <summary>What an analysis of a CSV adds to its result: the event coding found and the case-processing summary.</summary>
internal abstract record CsvAnalysisJson
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? EventCoding { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public CaseProcessingJson? CaseProcessing { get; init; }
}

/// <summary><c>{}</c>: R's jsonlite writes an empty list so, and the reference files keep that shape.</summary>
internal sealed record EmptyJson;

internal sealed record KaplanMeierJson(string ConfType, double ConfLevel, IReadOnlyList<KaplanMeierGroupJson> Groups) : CsvAnalysisJson
{
    public static KaplanMeierJson From(IReadOnlyList<SurvivalCurve> curves, ConfidenceType type, double level, double[] at) =>
        new(AnalysisJson.ConfType(type), level, curves.Select(c => new KaplanMeierGroupJson(
            c.Name, c.N, c.Events, c.Median, c.MedianLower, c.MedianUpper,
            c.Time.Select((t, i) => new KaplanMeierStepJson(t, c.NRisk[i], c.NEvent[i], c.NCensor[i], c.Survival[i], c.StdErr[i], c.Lower[i], c.Upper[i])).ToArray(),
            at.Length == 0 ? new EmptyJson() : at.Select(t =>
            {
                var s = c.At(t);
                return new KaplanMeierAtJson(s.Time, s.Survival, s.StdErr, s.Lower, s.Upper, c.NumberAtRisk(t));
            }).ToArray())).ToArray());
}

/// <param name="At">Survival at the requested times (an array), or <see cref="EmptyJson"/> when none were requested.</param>
internal sealed record KaplanMeierGroupJson(string Name, int N, int Events, double? Median, double? MedianLower, double? MedianUpper,
    IReadOnlyList<KaplanMeierStepJson> Table, object At);

internal sealed record KaplanMeierStepJson(double Time, int NRisk, int NEvent, int NCensor, double Survival, double? StdErr, double? Lower, double? Upper);

internal sealed record KaplanMeierAtJson(double Time, double Survival, double? StdErr, double? Lower, double? Upper, int NRisk);

internal sealed record LogRankJson(string Weights, double Rho, double Chisq, int Df, double P, IReadOnlyList<LogRankGroupJson> Groups) : CsvAnalysisJson
{
    public static LogRankJson From(LogRankResult r) => new(
        r.Weights switch
        {
            LogRankWeights.Breslow => "breslow",
            LogRankWeights.TaroneWare => "tarone-ware",
            _ => r.Rho == 0 ? "log-rank" : "fleming-harrington",
        },
        r.Rho, r.ChiSquare, r.Df, r.P, r.Groups.Select(g => new LogRankGroupJson(g.Name, g.N, g.Observed, g.Expected)).ToArray());
}

internal sealed record LogRankGroupJson(string Name, int N, double Observed, double Expected);

/// <summary>
/// A Cox model (<c>pvp cox</c>); the study analysis adds, in front, the covariates and their coding
/// (<c>coding</c> for a fixed model, <c>candidates</c> for a selection, with the patients it <c>excluded</c>).
/// </summary>
internal sealed record CoxJson(
    string Ties, int N, int Events, IReadOnlyList<CoxCoefficientJson> Coefficients, double LoglikNull, double Loglik,
    ChiSquareJson? LrTest, ChiSquareJson? ScoreTest, ChiSquareJson? WaldTest, int Iterations, bool Converged, IReadOnlyList<string> Warnings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Selection,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? EntryP,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? RemovalP,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<CoxStepJson>? Steps) : CsvAnalysisJson
{
    [JsonPropertyOrder(-4), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Covariates { get; init; }
    [JsonPropertyOrder(-3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CovariateCodingJson>? Coding { get; init; }
    [JsonPropertyOrder(-2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CovariateCodingJson>? Candidates { get; init; }
    [JsonPropertyOrder(-1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Excluded { get; init; }

    public static CoxJson From(CoxFit fit, CoxStepwiseResult? stepwise) => new(
        fit.Ties == CoxTies.Efron ? "efron" : "breslow", fit.N, fit.Events,
        fit.Coefficients.Select(c => new CoxCoefficientJson(c.Name, c.B, c.SE, c.Wald, c.P, c.HazardRatio, c.HazardRatioLower, c.HazardRatioUpper,
            c.Singular ? "singular" : c.MayBeInfinite ? "may_be_infinite" : "estimated")).ToArray(),
        fit.LogLikNull, fit.LogLik, ChiSquareJson.From(fit.LikelihoodRatio), ChiSquareJson.From(fit.Score), ChiSquareJson.From(fit.Wald, roundedLikeR: true),
        fit.Iterations, fit.Converged, fit.Warnings.Select(w => w.Text).ToArray(),
        stepwise is null ? null : stepwise.Selection == CoxSelection.ForwardLikelihoodRatio ? "forward-lr" : "backward-wald",
        stepwise?.EntryP, stepwise?.RemovalP,
        stepwise?.Steps.Select(s => new CoxStepJson(s.Number, s.Action == CoxStepAction.Entered ? "entered" : "removed", s.Covariate, s.ChiSquare, s.Df, s.P, s.LogLik)).ToArray());
}

/// <param name="Status">
/// "estimated"; "may_be_infinite" (R's "Loglik converged before variable ...; coefficient may be infinite": b and se are
/// the last iteration's, not estimates, and hr or a limit that is not finite is null); "singular" (R's "X matrix deemed
/// to be singular": not estimated, every value null). The model's <c>warnings</c> say the same in words.
/// </param>
internal sealed record CoxCoefficientJson(string Name, double B, double Se, double Wald, double P, double Hr, double HrLower, double HrUpper, string Status);

internal sealed record CoxStepJson(int Step, string Action, string Covariate, double Chisq, int Df, double P, double Loglik);

internal sealed record CovariateCodingJson(string Name, string Factor, string Coding);

/// <param name="ChisqExact">
/// R's summary.coxph reports the Wald chi-square rounded to 2 decimals (its p from the exact value); the
/// reference files keep that, so "chisq" is rounded the same way and "chisq_exact" carries the full value.
/// </param>
internal sealed record ChiSquareJson(double Chisq, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ChisqExact, int Df, double P)
{
    public static ChiSquareJson? From(ChiSquareTest? t, bool roundedLikeR = false) => t is null ? null
        : roundedLikeR ? new(Math.Round(t.ChiSquare, 2, MidpointRounding.ToEven), t.ChiSquare, t.Df, t.P)
        : new(t.ChiSquare, null, t.Df, t.P);
}
