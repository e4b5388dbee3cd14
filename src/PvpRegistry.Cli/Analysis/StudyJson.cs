using System.Globalization;
using System.Text.Json;
using PvpRegistry.Core.Statistics;
using static PvpRegistry.Cli.Analysis.AnalysisJson;

namespace PvpRegistry.Cli.Analysis;

/// <summary>
/// The study result and the repeated-measures ANOVA in the JSON shape of the reference files
/// (<c>cohort-demo.json</c>, <c>obk.json</c> <c>rmanova</c>): snake_case, null where a value does not
/// exist. Keys beyond the reference (descriptives, Fisher, stepwise Cox, prognostic index, notes) are extras.
/// </summary>
public static class StudyJson
{
    public static void Write(Utf8JsonWriter w, StudyResult r)
    {
        w.WriteStartObject();
        w.WriteNumber("n", r.N);
        w.WriteNumber("months_per_day", r.MonthsPerDay);
        w.WriteStartArray("groups");
        foreach (var g in r.Groups)
        {
            w.WriteStartObject();
            w.WriteString("name", g.Code);
            w.WriteNumber("n", g.N);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("km");
        foreach (var f in r.Survival) WriteSurvivalFactor(w, f, r.Options.SurvivalTimesMonths);
        w.WriteEndArray();

        w.WritePropertyName("cox_breslow");
        WriteCoxModel(w, r.Cox.FinalModel, r.Cox.FinalCoding, null);
        w.WritePropertyName("cox_stepwise");
        WriteCoxModel(w, r.Cox.Stepwise?.Model, r.Cox.StepwiseCoding, r.Cox.Stepwise, r.Cox.StepwiseExcluded);
        w.WriteStartArray("prognostic_index");
        foreach (var p in r.Cox.PrognosticIndex)
        {
            w.WriteStartObject();
            w.WriteString("study_id", p.StudyId);
            w.WriteNumber("pi", p.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WritePropertyName("vas_rm_anova");
        WriteRmAnova(w, r.Vas.RmAnova);
        w.WriteStartArray("vas_by_visit");
        foreach (var v in r.Vas.ByVisit)
        {
            w.WriteStartObject();
            w.WriteString("visit", v.Code);
            w.WriteStartArray("groups");
            foreach (var g in v.Groups)
            {
                w.WriteStartObject();
                w.WriteString("group", g.Group);
                w.WriteNumber("n", g.Summary?.N ?? 0);
                Number(w, "mean", g.Summary?.Mean);
                Number(w, "sd", g.Summary?.Sd);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartObject("baseline");
        WriteT(w, "age_t", r.Baseline.Age);
        WriteT(w, "kps_preop_t", r.Baseline.KpsPreop);
        WriteT(w, "vas_preop_t", r.Baseline.VasPreop);
        WriteCrossTab(w, "sex_chisq", r.Baseline.Sex);
        WriteCrossTab(w, "tumor_chisq", r.Baseline.PrimaryTumor);
        WriteCrossTab(w, "site_chisq", r.Baseline.MetastaticSite);
        WriteCrossTab(w, "segments_chisq", r.Baseline.Segments);
        Object(w, "sex_fisher", r.Baseline.Sex.Fisher, static (w, fisher) =>
        {
            w.WriteNumber("p", fisher.P);
            w.WriteNumber("p_less", fisher.PLess);
            w.WriteNumber("p_greater", fisher.PGreater);
            Number(w, "odds_ratio", fisher.SampleOddsRatio);
        });
        w.WriteEndObject();

        w.WriteStartArray("kps_paired");
        foreach (var k in r.Kps.WithinGroups)
        {
            w.WriteStartObject();
            w.WriteString("group", k.Group);
            var t = k.Test;
            Number(w, "t", t?.Test.T);
            Number(w, "df", t?.Test.Df);
            Number(w, "p", t?.Test.P);
            w.WriteNumber("n", t?.N ?? 0);
            Number(w, "mean_difference", t?.MeanDifference);
            Number(w, "sd_difference", t?.SdDifference);
            Summary(w, "preop", t?.Second);
            Summary(w, "month1", t?.First);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteT(w, "kps_1m_between", r.Kps.Between1Month);

        Object(w, "spearman_kps_months", r.SpearmanKpsPreopMonths, static (w, s) =>
        {
            w.WriteNumber("rho", s.Rho);
            w.WriteNumber("p", s.P);
            w.WriteNumber("n", s.N);
        });

        w.WriteStartArray("notes");
        foreach (var note in r.Notes) w.WriteStringValue(note);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>A repeated-measures ANOVA: the keys of obk.json <c>rmanova</c>, plus sums of squares, cell means and Mauchly.</summary>
    public static void WriteRmAnova(Utf8JsonWriter w, RepeatedMeasuresAnovaResult? a) => ObjectValue(w, a, static (w, a) =>
    {
        w.WriteNumber("n", a.N);
        w.WriteNumber("excluded", a.Excluded);
        w.WriteNumber("levels", a.Levels);
        WriteRmTest(w, "between", a.Between);
        WriteRmTest(w, "time", a.Time);
        WriteRmTest(w, "interaction", a.Interaction);
        w.WriteNumber("epsilon_gg", a.EpsilonGreenhouseGeisser);
        w.WriteNumber("epsilon_hf", a.EpsilonHuynhFeldt);
        w.WriteNumber("epsilon_lower_bound", a.EpsilonLowerBound);
        w.WriteNumber("ms_error", a.MsError);
        Object(w, "mauchly", a.Mauchly, static (w, m) =>
        {
            w.WriteNumber("w", m.W);
            w.WriteNumber("chisq", m.ChiSquare);
            w.WriteNumber("df", m.Df);
            w.WriteNumber("p", m.P);
        });
        w.WriteStartArray("groups");
        foreach (var g in a.Groups)
        {
            w.WriteStartObject();
            w.WriteString("name", g.Group);
            w.WriteNumber("n", g.N);
            w.WriteStartArray("means");
            foreach (var v in g.Means) w.WriteNumberValue(v);
            w.WriteEndArray();
            w.WriteStartArray("sds");
            foreach (var v in g.Sds) { if (v is { } x) w.WriteNumberValue(x); else w.WriteNullValue(); }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("warnings");
        foreach (var warning in a.Warnings) w.WriteStringValue(warning);
        w.WriteEndArray();
    });

    private static void WriteRmTest(Utf8JsonWriter w, string name, RmAnovaTest t) => Object(w, name, t, static (w, t) =>
    {
        w.WriteNumber("df", t.Df);
        w.WriteNumber("df_error", t.DfError);
        w.WriteNumber("f", t.F);
        w.WriteNumber("p", t.P);
        if (t.PGreenhouseGeisser is not null || t.PHuynhFeldt is not null)
        {
            Number(w, "p_gg", t.PGreenhouseGeisser);
            Number(w, "p_hf", t.PHuynhFeldt);
        }
        w.WriteNumber("ss", t.SumOfSquares);
        w.WriteNumber("ss_error", t.ErrorSumOfSquares);
        w.WriteNumber("ms", t.MeanSquare);
    });

    private static void WriteSurvivalFactor(Utf8JsonWriter w, StudySurvivalFactor f, IReadOnlyList<double> times)
    {
        w.WriteStartObject();
        w.WriteString("factor", f.Factor);
        w.WriteString("label", f.Label);
        Number(w, "logrank_chisq", f.LogRank?.ChiSquare);
        Number(w, "logrank_df", f.LogRank?.Df);
        Number(w, "logrank_p", f.LogRank?.P);
        w.WriteNumber("excluded", f.Excluded);
        w.WriteStartArray("groups");
        foreach (var g in f.Groups)
        {
            var c = g.Curve;
            w.WriteStartObject();
            w.WriteString("name", g.Name);
            w.WriteNumber("n", c.N);
            w.WriteNumber("events", c.Events);
            Number(w, "median", c.Median);
            Number(w, "median_lower", c.MedianLower);
            Number(w, "median_upper", c.MedianUpper);
            for (int i = 0; i < times.Count; i++)
            {
                string key = "survival_" + times[i].ToString("R", CultureInfo.InvariantCulture);
                w.WriteNumber(key, g.AtTimes[i].Survival);
                Number(w, key + "_lower", g.AtTimes[i].Lower);
                Number(w, key + "_upper", g.AtTimes[i].Upper);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCoxModel(Utf8JsonWriter w, CoxFit? fit, IReadOnlyList<StudyCovariate> coding, CoxStepwiseResult? stepwise, int? excluded = null) => ObjectValue(w, fit, (w, fit) =>
    {
        w.WriteStartArray("covariates");
        foreach (var c in fit.Coefficients) w.WriteStringValue(c.Name);
        w.WriteEndArray();
        w.WriteStartArray(stepwise is null ? "coding" : "candidates");
        foreach (var c in coding)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("factor", c.Factor);
            w.WriteString("coding", c.Coding);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (excluded is { } x) w.WriteNumber("excluded", x);
        WriteCoxMembers(w, fit, stepwise);
    });

    private static void WriteT(Utf8JsonWriter w, string name, IndependentTTestResult? t) => Object(w, name, t, static (w, t) =>
    {
        w.WriteNumber("t", t.Student.T);
        w.WriteNumber("df", t.Student.Df);
        w.WriteNumber("p", t.Student.P);
        w.WriteNumber("mean_difference", t.MeanDifference);
        w.WriteNumber("std_error", t.Student.StdError);
        w.WriteNumber("ci_lower", t.Student.CiLower);
        w.WriteNumber("ci_upper", t.Student.CiUpper);
        Object(w, "welch", t.Welch, static (w, welch) =>
        {
            w.WriteNumber("t", welch.T);
            w.WriteNumber("df", welch.Df);
            w.WriteNumber("p", welch.P);
            w.WriteNumber("std_error", welch.StdError);
            w.WriteNumber("ci_lower", welch.CiLower);
            w.WriteNumber("ci_upper", welch.CiUpper);
        });
        Summary(w, "group1", t.Group1);
        Summary(w, "group2", t.Group2);
    });

    private static void Summary(Utf8JsonWriter w, string name, SampleSummary? s) => Object(w, name, s, static (w, s) =>
    {
        w.WriteNumber("n", s.N);
        w.WriteNumber("mean", s.Mean);
        Number(w, "sd", s.Sd);
    });

    private static void WriteCrossTab(Utf8JsonWriter w, string name, StudyCrossTab x) => Object(w, name, x, static (w, x) =>
    {
        Number(w, "chisq", x.ChiSquare?.ChiSquare);
        Number(w, "df", x.ChiSquare?.Df);
        Number(w, "p", x.ChiSquare?.P);
        w.WriteStartArray("levels");
        foreach (var l in x.Table.RowLevels) w.WriteStringValue(l);
        w.WriteEndArray();
        w.WriteStartArray("groups");
        foreach (var l in x.Table.ColumnLevels) w.WriteStringValue(l);
        w.WriteEndArray();
        w.WriteStartArray("counts");
        for (int i = 0; i < x.Table.Counts.GetLength(0); i++)
        {
            w.WriteStartArray();
            for (int j = 0; j < x.Table.Counts.GetLength(1); j++) w.WriteNumberValue(x.Table.Counts[i, j]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        if (x.ChiSquare?.Warning is { } warning) w.WriteString("warning", warning);
    });
}
