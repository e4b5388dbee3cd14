using System.Text.Json;
using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Core.Tests.Statistics;

public class CoxTests
{
    private const double Rtol = 1e-5;

    private static void AssertMatches(string dataset, string key, CoxFit fit)
    {
        var e = ReferenceData.Json(dataset, key);
        Assert.Equal(e.GetProperty("ties").GetString(), fit.Ties.ToString().ToLowerInvariant());
        Assert.Equal(e.GetProperty("n").GetInt32(), fit.N);
        Assert.Equal(e.GetProperty("events").GetInt32(), fit.Events);
        var coefs = e.GetProperty("coefficients").EnumerateArray().ToArray();
        Assert.Equal(coefs.Length, fit.Coefficients.Count);
        foreach (var c in coefs)
        {
            var name = c.GetProperty("name").GetString();
            var a = Assert.Single(fit.Coefficients, x => x.Name == name);
            Close.Equal(c.GetProperty("b").GetDouble(), a.B, Rtol, $"{name} b");
            Close.Equal(c.GetProperty("se").GetDouble(), a.SE, Rtol, $"{name} se");
            Close.Equal(c.GetProperty("wald").GetDouble(), a.Wald, Rtol, $"{name} wald");
            Close.Equal(c.GetProperty("p").GetDouble(), a.P, Rtol, $"{name} p");
            Close.Equal(c.GetProperty("hr").GetDouble(), a.HazardRatio, Rtol, $"{name} hr");
            Close.Equal(c.GetProperty("hr_lower").GetDouble(), a.HazardRatioLower, Rtol, $"{name} hr_lower");
            Close.Equal(c.GetProperty("hr_upper").GetDouble(), a.HazardRatioUpper, Rtol, $"{name} hr_upper");
        }
        Close.Equal(e.GetProperty("loglik_null").GetDouble(), fit.LogLikNull, Rtol, "loglik_null");
        Close.Equal(e.GetProperty("loglik").GetDouble(), fit.LogLik, Rtol, "loglik");
        foreach (var (name, test) in new[] { ("lr_test", fit.LikelihoodRatio!), ("score_test", fit.Score!), ("wald_test", fit.Wald!) })
        {
            var t = e.GetProperty(name);
            // R's summary.coxph prints the Wald chi-square rounded to 2 decimals; its p comes from the exact value.
            if (name == "wald_test") Assert.Equal(t.GetProperty("chisq").GetDouble(), Math.Round(test.ChiSquare, 2));
            else Close.Equal(t.GetProperty("chisq").GetDouble(), test.ChiSquare, Rtol, name + " chisq");
            Assert.Equal(t.GetProperty("df").GetInt32(), test.Df);
            Close.Equal(t.GetProperty("p").GetDouble(), test.P, Rtol, name + " p");
        }
        Assert.True(fit.Converged);
        Assert.Empty(fit.Warnings);
    }

    private static CoxFit Lung(CoxTies ties)
    {
        var num = ReferenceData.Numeric(ReferenceData.Csv("lung"), "time", "status", "age", "sex", "ph_ecog");
        return Cox.Fit(num[0], ReferenceData.Events(num[1]), [num[2], num[3], num[4]], ["age", "sex", "ph_ecog"], ties);
    }

    [Fact]
    public void Aml_efron_fit_matches_R_coxph()
    {
        var csv = ReferenceData.Csv("aml");
        var num = ReferenceData.Numeric(csv, "time", "status");
        var maintained = csv["group"].Select(g => g == "Maintained" ? 1.0 : 0.0).ToArray();
        AssertMatches("aml", "cox", Cox.Fit(num[0], ReferenceData.Events(num[1]), [maintained], ["maintained"]));
    }

    [Fact]
    public void Lung_efron_fit_matches_R_coxph() => AssertMatches("lung", "cox_efron", Lung(CoxTies.Efron));

    [Fact]
    public void Lung_breslow_fit_matches_R_coxph() => AssertMatches("lung", "cox_breslow", Lung(CoxTies.Breslow));

    [Fact]
    public void Leukaemia_placebo_effect_gives_the_textbook_efron_estimate()
    {
        var fit = Cox.Fit(Leukaemia.Time, Leukaemia.Died, [Leukaemia.IsPlacebo], ["placebo"]);
        Assert.Equal(1.572125, Math.Round(fit.Coefficients[0].B, 6));
        Assert.Equal(0.412397, Math.Round(fit.Coefficients[0].SE, 6));
    }

    [Theory]
    [InlineData(CoxTies.Efron)]
    [InlineData(CoxTies.Breslow)]
    public void Fit_in_months_equals_fit_in_days(CoxTies ties)
    {
        // Days take the counting-sort path, months (non-integer) the general sort; ties are the same.
        var num = ReferenceData.Numeric(ReferenceData.Csv("lung"), "time", "status", "age", "sex", "ph_ecog");
        var died = ReferenceData.Events(num[1]);
        var days = Cox.Fit(num[0], died, [num[2], num[3], num[4]], ["age", "sex", "ph_ecog"], ties);
        var months = Cox.Fit(num[0].Select(t => t / 30.4375).ToArray(), died, [num[2], num[3], num[4]], ["age", "sex", "ph_ecog"], ties);
        for (int i = 0; i < 3; i++)
        {
            Close.Equal(days.Coefficients[i].B, months.Coefficients[i].B, 1e-10, "b");
            Close.Equal(days.Coefficients[i].SE, months.Coefficients[i].SE, 1e-10, "se");
        }
        Close.Equal(days.LogLik, months.LogLik, 1e-12, "loglik");
    }

    [Fact]
    public void Efron_and_Breslow_agree_when_no_event_times_are_tied()
    {
        var time = Enumerable.Range(1, 40).Select(i => (double)i).ToArray();
        var died = time.Select(t => t % 3 != 0).ToArray();
        var x = time.Select(t => Math.Sin(t)).ToArray();
        var efron = Cox.Fit(time, died, [x], ["x"], CoxTies.Efron);
        var breslow = Cox.Fit(time, died, [x], ["x"], CoxTies.Breslow);
        Close.Equal(breslow.Coefficients[0].B, efron.Coefficients[0].B, 1e-12, "b");
        Close.Equal(breslow.LogLik, efron.LogLik, 1e-12, "loglik");
    }

    [Fact]
    public void Prognostic_index_is_the_sum_of_coefficient_times_covariate()
    {
        var num = ReferenceData.Numeric(ReferenceData.Csv("lung"), "time", "status", "age", "sex", "ph_ecog");
        var fit = Lung(CoxTies.Breslow);
        var pi = Cox.PrognosticIndex(fit, [num[2], num[3], num[4]]);
        Assert.Equal(num[0].Length, pi.Length);
        for (int i = 0; i < pi.Length; i++)
            Close.Equal(fit.Coefficients[0].B * num[2][i] + fit.Coefficients[1].B * num[3][i] + fit.Coefficients[2].B * num[4][i], pi[i], 1e-12, $"PI {i}");
    }

    private static (double[] Time, bool[] Died, double[][] X, string[] Names) LungAll()
    {
        string[] names = ["age", "sex", "ph_ecog", "ph_karno", "wt_loss"];
        var num = ReferenceData.Numeric(ReferenceData.Csv("lung"), ["time", "status", .. names]);
        return (num[0], ReferenceData.Events(num[1]), num[2..], names);
    }

    [Fact]
    public void Forward_LR_selection_enters_on_the_score_test_and_ends_with_the_refitted_model()
    {
        var (time, died, x, names) = LungAll();
        var r = Cox.Stepwise(time, died, x, names, CoxSelection.ForwardLikelihoodRatio, CoxTies.Breslow);
        Assert.NotEmpty(r.Steps);
        var first = r.Steps[0];
        Assert.Equal(CoxStepAction.Entered, first.Action);
        // The first entry's statistic is the score test of that covariate alone, the largest of all.
        foreach (var j in Enumerable.Range(0, names.Length))
        {
            var alone = Cox.Fit(time, died, [x[j]], [names[j]], CoxTies.Breslow);
            Assert.True(alone.Score!.ChiSquare <= first.ChiSquare + 1e-9);
            if (names[j] == first.Covariate) Close.Equal(alone.Score.ChiSquare, first.ChiSquare, 1e-9, "entry score");
        }
        Assert.All(r.Steps.Where(s => s.Action == CoxStepAction.Entered), s => Assert.True(s.P < 0.05));
        var final = Cox.Fit(time, died, r.Model.Coefficients.Select(c => x[Array.IndexOf(names, c.Name)]).ToArray(),
            r.Model.Names, CoxTies.Breslow);
        Close.Equal(final.LogLik, r.Model.LogLik, 1e-12, "final loglik");
        // Entry stopped on the score test (p >= 0.05), so adding any remaining covariate improves the fit only a little.
        var left = names.Except(r.Model.Names).ToArray();
        foreach (var name in left)
        {
            var cols = r.Model.Names.Append(name).ToArray();
            var bigger = Cox.Fit(time, died, cols.Select(c => x[Array.IndexOf(names, c)]).ToArray(), cols, CoxTies.Breslow);
            Assert.True(2 * (bigger.LogLik - r.Model.LogLik) < 6, $"{name} would clearly improve the model");
        }
    }

    [Fact]
    public void Backward_Wald_selection_removes_covariates_until_all_have_p_at_most_0_10()
    {
        var (time, died, x, names) = LungAll();
        var r = Cox.Stepwise(time, died, x, names, CoxSelection.BackwardWald, CoxTies.Breslow);
        Assert.All(r.Steps.Where(s => s.Action == CoxStepAction.Removed), s => Assert.True(s.P > 0.10));
        Assert.All(r.Model.Coefficients, c => Assert.True(c.P <= 0.10, $"{c.Name} p = {c.P}"));
        Assert.True(r.Model.Coefficients.Count < names.Length);
    }

    [Fact]
    public void No_events_is_an_error_not_a_model()
    {
        var ex = Assert.Throws<CoxModelException>(() => Cox.Fit([1, 2, 3], [false, false, false], [[1.0, 2, 3]], ["x"]));
        Assert.Contains("no events", ex.Message);
    }

    [Fact]
    public void A_constant_covariate_is_not_estimated_and_the_others_are_as_without_it()
    {
        var fit = Cox.Fit(Leukaemia.Time, Leukaemia.Died, [Leukaemia.IsPlacebo, Leukaemia.Time.Select(_ => 7.0).ToArray()], ["placebo", "seven"]);
        var alone = Cox.Fit(Leukaemia.Time, Leukaemia.Died, [Leukaemia.IsPlacebo], ["placebo"]);

        Assert.True(fit.Coefficients[1].Singular);
        Assert.False(fit.Coefficients[1].Estimable);
        Assert.Contains(fit.Warnings, w => w.Text.Contains("'seven'", StringComparison.Ordinal) && w.Text.Contains("singular", StringComparison.Ordinal));
        // The warning is coded where it arises, naming the covariate: a report words it without reading the English.
        Assert.Contains(fit.Warnings, w => w.Code == "cox_singular" && w.Args[0].Split(',').Contains("seven"));
        Close.Equal(alone.Coefficients[0].B, fit.Coefficients[0].B, 1e-9, "placebo b");
        Assert.Equal(1, fit.LikelihoodRatio!.Df);
    }

    private static (double[] Time, bool[] Died, Dictionary<string, double[]> Columns) CoxEdge()
    {
        var csv = ReferenceData.Csv("cox-edge");
        var names = csv.Keys.ToArray();
        var num = ReferenceData.Numeric(csv, names);
        var columns = names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => num[x.i]);
        return (columns["time"], ReferenceData.Events(columns["status"]), columns);
    }

    /// <summary>
    /// R's coxph on the edge cases of cox-edge.csv (make-edge-reference.R): the same finite numbers, null in R's
    /// reference exactly where a value is not finite here, and R's warnings as coefficient states.
    /// </summary>
    [Theory]
    [InlineData("level_without_events")]
    [InlineData("level_without_events_and_z")]
    [InlineData("level_without_events_and_z_breslow")]
    [InlineData("covariate_orders_event_times")]
    [InlineData("near_collinear")]
    [InlineData("exactly_collinear")]
    [InlineData("wildly_different_scales")]
    [InlineData("stepwise_final_candidates")]
    public void Edge_case_fits_match_R_coxph_with_its_warnings(string name)
    {
        var e = ReferenceData.Json("edge-reference", "cox").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var (time, died, columns) = CoxEdge();
        var covariates = e.GetProperty("covariates").EnumerateArray().Select(c => c.GetString()!).ToArray();
        var ties = e.GetProperty("ties").GetString() == "breslow" ? CoxTies.Breslow : CoxTies.Efron;
        AssertMatchesRCoxCase(e, Cox.Fit(time, died, covariates.Select(c => columns[c]).ToArray(), covariates, ties));
    }

    /// <summary>A fit against one coxph case of edge-reference.json: its numbers, null where R is not finite, its warnings.</summary>
    private static void AssertMatchesRCoxCase(JsonElement e, CoxFit fit)
    {
        Assert.Equal(e.GetProperty("n").GetInt32(), fit.N);
        Assert.Equal(e.GetProperty("events").GetInt32(), fit.Events);
        Assert.Equal(e.GetProperty("iterations").GetInt32(), fit.Iterations);
        Close.Equal(e.GetProperty("loglik_null").GetDouble(), fit.LogLikNull, Rtol, "loglik_null");
        Close.Equal(e.GetProperty("loglik").GetDouble(), fit.LogLik, Rtol, "loglik");
        foreach (var (key, test) in new[] { ("lr_test", fit.LikelihoodRatio!), ("score_test", fit.Score!), ("wald_test", fit.Wald!) })
        {
            var t = e.GetProperty(key);
            if (key == "wald_test") Assert.Equal(t.GetProperty("chisq").GetDouble(), Math.Round(test.ChiSquare, 2));
            else Close.Equal(t.GetProperty("chisq").GetDouble(), test.ChiSquare, Rtol, key);
            Assert.Equal(t.GetProperty("df").GetInt32(), test.Df);
            Close.Equal(t.GetProperty("p").GetDouble(), test.P, Rtol, key + " p");
        }

        var rWarnings = e.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToArray();
        Assert.Equal(rWarnings.Any(w => w.StartsWith("Ran out of iterations", StringComparison.Ordinal)), !fit.Converged);
        var coefficients = e.GetProperty("coefficients").EnumerateArray().ToArray();
        for (int i = 0; i < coefficients.Length; i++)
        {
            var c = coefficients[i];
            var a = fit.Coefficients[i];
            Assert.Equal(c.GetProperty("name").GetString(), a.Name);
            double[] actual = [a.B, a.SE, a.Wald, a.P, a.HazardRatio, a.HazardRatioLower, a.HazardRatioUpper];
            string[] keys = ["b", "se", "wald", "p", "hr", "hr_lower", "hr_upper"];
            for (int k = 0; k < keys.Length; k++)
            {
                var expected = c.GetProperty(keys[k]);
                if (expected.ValueKind == JsonValueKind.Null) Assert.False(double.IsFinite(actual[k]), $"{a.Name} {keys[k]}: R has Inf or NA, got {actual[k]}");
                else if (keys[k] is "b" or "wald" && Math.Abs(expected.GetDouble()) < 1e-6)
                    // A coefficient whose estimate is 0 to the fit's precision (|b| < 1e-6 with an SE in the thousands): R's
                    // and pvp's last Newton steps leave different rounding noise there, so both are 0 to that precision.
                    Assert.True(Math.Abs(actual[k]) < 1e-6, $"{a.Name} {keys[k]}: R has {expected.GetDouble()}, got {actual[k]}");
                else Close.Equal(expected.GetDouble(), actual[k], Rtol, $"{a.Name} {keys[k]}");
            }
            bool rSaysInfinite = rWarnings.Any(w => w.StartsWith("Loglik converged before variable", StringComparison.Ordinal)
                                                    && w.Split(';')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Last().Split(',').Contains($"{i + 1}"))
                                 || rWarnings.Contains("one or more coefficients may be infinite") && Math.Abs(a.B) > 10;
            Assert.Equal(rSaysInfinite, a.MayBeInfinite);
            Assert.Equal(c.GetProperty("b").ValueKind == JsonValueKind.Null, a.Singular);
            if (a.MayBeInfinite) Assert.Contains(fit.Warnings, w => w.Text.Contains($"'{a.Name}'", StringComparison.Ordinal) && w.Text.Contains("may be infinite", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void Out_of_iterations_the_fit_is_R_last_step_with_the_inverse_information_there_and_the_drifting_coefficient_named()
    {
        // The demo cohort's final model on PVP alone with sacral metastases: nobody aged 60 or under died.
        var e = ReferenceData.Json("edge-reference", "cox_out_of_iterations");
        var fit = StudyFinalModel(r => r["group"] == "pvp" && r["metastatic_site"] == "sacral");

        Assert.Equal(e.GetProperty("n").GetInt32(), fit.N);
        Assert.False(fit.Converged);
        Assert.Equal(e.GetProperty("iterations").GetInt32(), fit.Iterations);
        Close.Equal(e.GetProperty("loglik").GetDouble(), fit.LogLik, Rtol, "loglik");
        foreach (var (c, a) in e.GetProperty("coefficients").EnumerateArray().Zip(fit.Coefficients))
        {
            Close.Equal(c.GetProperty("b").GetDouble(), a.B, Rtol, a.Name + " b");
            Close.Equal(c.GetProperty("se").GetDouble(), a.SE, Rtol, a.Name + " se");
        }
        Assert.Equal([true, false, false], fit.Coefficients.Select(c => c.MayBeInfinite));
        Assert.Contains(fit.Warnings, w => w.Text.Contains("may be infinite ('age_level')", StringComparison.Ordinal));
    }

    [Fact]
    public void Converged_with_two_coefficients_on_their_way_to_infinity_the_study_model_is_R_coxph_naming_both()
    {
        // Breast cancer with lumbosacral metastases, both groups: R warns "Loglik converged before variable 2,3".
        var e = ReferenceData.Json("edge-reference", "cox_converged_infinite");
        var fit = StudyFinalModel(r => r["metastatic_site"] == "lumbosacral" && r["primary_tumor"] == "breast");
        AssertMatchesRCoxCase(e, fit);
        Assert.Equal([false, true, true], fit.Coefficients.Select(c => c.MayBeInfinite));
    }

    /// <summary>The study's final model (Breslow; age > 60, growth 1-3, segments capped at 3) on the cohort rows <paramref name="include"/> keeps.</summary>
    private static CoxFit StudyFinalModel(Func<IReadOnlyDictionary<string, string?>, bool> include)
    {
        var rows = TestsReference.CohortData.Rows.Select((r, i) => (r, i)).Where(x => include(x.r)).ToArray();
        var months = TestsReference.CohortMonths();
        double[] days = rows.Select(x => Math.Round(months[x.i] * 30.4375)).ToArray();
        bool[] died = rows.Select(x => x.r["vital_status"] == "dead").ToArray();
        double[][] columns =
        [
            rows.Select(x => double.Parse(x.r["age"]!, System.Globalization.CultureInfo.InvariantCulture) > 60 ? 1.0 : 0).ToArray(),
            rows.Select(x => (double)(Array.IndexOf(["slow", "moderate", "rapid"], x.r["primary_growth"]) + 1)).ToArray(),
            rows.Select(x => Math.Min(double.Parse(x.r["segments"]!, System.Globalization.CultureInfo.InvariantCulture), 3)).ToArray(),
        ];
        return Cox.Fit(days, died, columns, ["age_level", "growth_level", "segment_level"], CoxTies.Breslow);
    }

    [Theory]
    [InlineData(CoxSelection.ForwardLikelihoodRatio)]
    [InlineData(CoxSelection.BackwardWald)]
    public void Stepwise_selection_goes_on_past_candidates_whose_fit_is_infinite_or_singular(CoxSelection selection)
    {
        var (time, died, columns) = CoxEdge();
        string[] names = ["no_event_level", "orders_times", "z", "z_twice", "stage", "biomarker"];
        var result = Cox.Stepwise(time, died, names.Select(n => columns[n]).ToArray(), names, selection);

        // The selected model is the model of its covariates, fitted on its own.
        var chosen = result.Model.Coefficients.Select(c => c.Name).ToArray();
        var refit = Cox.Fit(time, died, chosen.Select(n => columns[n]).ToArray(), chosen);
        Assert.Equal(refit.LogLik, result.Model.LogLik, 9);
        Assert.All(result.Steps, s => Assert.True(double.IsFinite(s.ChiSquare) && double.IsFinite(s.P), $"step {s.Number}"));
        if (selection == CoxSelection.ForwardLikelihoodRatio)
            Assert.Equal("orders_times", result.Steps[0].Covariate); // the covariate that orders the deaths has the largest score
        else
            Assert.Contains(result.Steps, s => s.Action == CoxStepAction.Removed && s.Covariate is "no_event_level" or "z_twice");
    }

    [Fact]
    public void Perfect_separation_is_reported_as_an_infinite_coefficient_warning()
    {
        // Every subject with x = 1 dies before any subject with x = 0.
        double[] time = [1, 2, 3, 4, 5, 6, 7, 8];
        bool[] died = [true, true, true, true, true, false, true, false];
        double[] x = [1, 1, 1, 1, 0, 0, 0, 0];
        var fit = Cox.Fit(time, died, [x], ["x"]);
        Assert.Contains(fit.Warnings, w => w.Text.Contains("may be infinite"));
        Assert.True(fit.Coefficients[0].B > 5);
        Assert.True(double.IsFinite(fit.Coefficients[0].SE));
    }

    [Fact]
    public void Mismatched_lengths_and_missing_values_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Cox.Fit([1, 2, 3], [true, false, true], [[1.0, 2]], ["x"]));
        Assert.Throws<ArgumentException>(() => Cox.Fit([1, 2, 3], [true, false, true], [[1.0, double.NaN, 2]], ["x"]));
    }
}
