using System.Text.Json;
using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Cli.Analysis;

/// <summary>Writes results in the JSON shape of the reference files (snake_case, null where a value does not exist).</summary>
internal static class AnalysisJson
{
    public static Utf8JsonWriter Writer(Stream output) => new(output, new JsonWriterOptions { Indented = true });

    public static string ConfType(ConfidenceType type) => type switch
    {
        ConfidenceType.Log => "log",
        ConfidenceType.LogLog => "log-log",
        ConfidenceType.Plain => "plain",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static void WriteKaplanMeier(Utf8JsonWriter w, IReadOnlyList<SurvivalCurve> curves, ConfidenceType type, double level, double[] at)
    {
        w.WriteStartObject();
        w.WriteString("conf_type", ConfType(type));
        w.WriteNumber("conf_level", level);
        w.WriteStartArray("groups");
        foreach (var c in curves)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteNumber("n", c.N);
            w.WriteNumber("events", c.Events);
            Number(w, "median", c.Median);
            Number(w, "median_lower", c.MedianLower);
            Number(w, "median_upper", c.MedianUpper);
            w.WriteStartArray("table");
            for (int i = 0; i < c.Time.Length; i++)
            {
                w.WriteStartObject();
                w.WriteNumber("time", c.Time[i]);
                w.WriteNumber("n_risk", c.NRisk[i]);
                w.WriteNumber("n_event", c.NEvent[i]);
                w.WriteNumber("n_censor", c.NCensor[i]);
                w.WriteNumber("survival", c.Survival[i]);
                Number(w, "std_err", c.StdErr[i]);
                Number(w, "lower", c.Lower[i]);
                Number(w, "upper", c.Upper[i]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (at.Length == 0)
            {
                // R's jsonlite writes an empty list as {}; the reference files keep that shape.
                w.WriteStartObject("at");
                w.WriteEndObject();
            }
            else
            {
                w.WriteStartArray("at");
                foreach (var t in at)
                {
                    var s = c.At(t);
                    w.WriteStartObject();
                    w.WriteNumber("time", s.Time);
                    w.WriteNumber("survival", s.Survival);
                    Number(w, "std_err", s.StdErr);
                    Number(w, "lower", s.Lower);
                    Number(w, "upper", s.Upper);
                    w.WriteNumber("n_risk", c.NumberAtRisk(t));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteLogRank(Utf8JsonWriter w, LogRankResult r)
    {
        w.WriteStartObject();
        w.WriteString("weights", r.Weights switch
        {
            LogRankWeights.Breslow => "breslow",
            LogRankWeights.TaroneWare => "tarone-ware",
            _ => r.Rho == 0 ? "log-rank" : "fleming-harrington",
        });
        w.WriteNumber("rho", r.Rho);
        w.WriteNumber("chisq", r.ChiSquare);
        w.WriteNumber("df", r.Df);
        w.WriteNumber("p", r.P);
        w.WriteStartArray("groups");
        foreach (var g in r.Groups)
        {
            w.WriteStartObject();
            w.WriteString("name", g.Name);
            w.WriteNumber("n", g.N);
            w.WriteNumber("observed", g.Observed);
            w.WriteNumber("expected", g.Expected);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteCox(Utf8JsonWriter w, CoxFit fit, CoxStepwiseResult? stepwise) =>
        ObjectValue(w, fit, (w, f) => WriteCoxMembers(w, f, stepwise));

    /// <summary>The members of <see cref="WriteCox"/>'s object, for an object that adds its own.</summary>
    public static void WriteCoxMembers(Utf8JsonWriter w, CoxFit fit, CoxStepwiseResult? stepwise)
    {
        w.WriteString("ties", fit.Ties == CoxTies.Efron ? "efron" : "breslow");
        w.WriteNumber("n", fit.N);
        w.WriteNumber("events", fit.Events);
        w.WriteStartArray("coefficients");
        foreach (var c in fit.Coefficients)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteNumber("b", c.B);
            w.WriteNumber("se", c.SE);
            w.WriteNumber("wald", c.Wald);
            w.WriteNumber("p", c.P);
            w.WriteNumber("hr", c.HazardRatio);
            w.WriteNumber("hr_lower", c.HazardRatioLower);
            w.WriteNumber("hr_upper", c.HazardRatioUpper);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("loglik_null", fit.LogLikNull);
        w.WriteNumber("loglik", fit.LogLik);
        Test(w, "lr_test", fit.LikelihoodRatio);
        Test(w, "score_test", fit.Score);
        Test(w, "wald_test", fit.Wald, roundedLikeR: true);
        w.WriteNumber("iterations", fit.Iterations);
        w.WriteBoolean("converged", fit.Converged);
        w.WriteStartArray("warnings");
        foreach (var m in fit.Warnings) w.WriteStringValue(m);
        w.WriteEndArray();
        if (stepwise is not null)
        {
            w.WriteString("selection", stepwise.Selection == CoxSelection.ForwardLikelihoodRatio ? "forward-lr" : "backward-wald");
            w.WriteNumber("entry_p", stepwise.EntryP);
            w.WriteNumber("removal_p", stepwise.RemovalP);
            w.WriteStartArray("steps");
            foreach (var s in stepwise.Steps)
            {
                w.WriteStartObject();
                w.WriteNumber("step", s.Number);
                w.WriteString("action", s.Action == CoxStepAction.Entered ? "entered" : "removed");
                w.WriteString("covariate", s.Covariate);
                w.WriteNumber("chisq", s.ChiSquare);
                w.WriteNumber("df", s.Df);
                w.WriteNumber("p", s.P);
                w.WriteNumber("loglik", s.LogLik);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
    }

    /// <param name="roundedLikeR">
    /// R's summary.coxph reports the Wald chi-square rounded to 2 decimals (its p from the exact value); the
    /// reference files keep that, so "chisq" is rounded the same way and "chisq_exact" carries the full value.
    /// </param>
    internal static void Test(Utf8JsonWriter w, string name, ChiSquareTest? t, bool roundedLikeR = false) => Object(w, name, t, (w, t) =>
    {
        w.WriteNumber("chisq", roundedLikeR ? Math.Round(t.ChiSquare, 2, MidpointRounding.ToEven) : t.ChiSquare);
        if (roundedLikeR) w.WriteNumber("chisq_exact", t.ChiSquare);
        w.WriteNumber("df", t.Df);
        w.WriteNumber("p", t.P);
    });

    /// <summary>
    /// The shape of every nested object of the reference files: <c>"name": { ... }</c> with the members that
    /// <paramref name="members"/> writes, or <c>"name": null</c> when there is no value.
    /// </summary>
    internal static void Object<T>(Utf8JsonWriter w, string name, T? value, Action<Utf8JsonWriter, T> members) where T : class
    {
        if (value is null) { w.WriteNull(name); return; }
        w.WriteStartObject(name);
        members(w, value);
        w.WriteEndObject();
    }

    /// <summary>As <see cref="Object{T}"/> where the property name is already written (or inside an array).</summary>
    internal static void ObjectValue<T>(Utf8JsonWriter w, T? value, Action<Utf8JsonWriter, T> members) where T : class
    {
        if (value is null) { w.WriteNullValue(); return; }
        w.WriteStartObject();
        members(w, value);
        w.WriteEndObject();
    }

    internal static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
