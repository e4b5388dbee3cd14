using System.Text.Json;
using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Core.Tests.Statistics;

public class KaplanMeierTests
{
    private const double Rtol = 1e-6;

    private static void AssertMatches(JsonElement expected, IReadOnlyList<SurvivalCurve> curves)
    {
        var groups = expected.GetProperty("groups").EnumerateArray().ToArray();
        Assert.Equal(groups.Length, curves.Count);
        foreach (var g in groups)
        {
            string name = g.GetProperty("name").GetString()!;
            var c = Assert.Single(curves, x => x.Name == name);
            Assert.Equal(g.GetProperty("n").GetInt32(), c.N);
            Assert.Equal(g.GetProperty("events").GetInt32(), c.Events);
            Close.Equal(g.GetProperty("median"), c.Median, Rtol, $"{name} median");
            Close.Equal(g.GetProperty("median_lower"), c.MedianLower, Rtol, $"{name} median_lower");
            Close.Equal(g.GetProperty("median_upper"), c.MedianUpper, Rtol, $"{name} median_upper");
            var table = g.GetProperty("table").EnumerateArray().ToArray();
            Assert.Equal(table.Length, c.Time.Length);
            for (int i = 0; i < table.Length; i++)
            {
                var row = table[i];
                string at = $"{name} row {i}";
                Assert.Equal(row.GetProperty("time").GetDouble(), c.Time[i]);
                Assert.Equal(row.GetProperty("n_risk").GetInt32(), c.NRisk[i]);
                Assert.Equal(row.GetProperty("n_event").GetInt32(), c.NEvent[i]);
                Assert.Equal(row.GetProperty("n_censor").GetInt32(), c.NCensor[i]);
                Close.Equal(row.GetProperty("survival").GetDouble(), c.Survival[i], Rtol, at + " survival");
                Close.Equal(row.GetProperty("std_err"), c.StdErr[i], Rtol, at + " std_err");
                Close.Equal(row.GetProperty("lower"), c.Lower[i], Rtol, at + " lower");
                Close.Equal(row.GetProperty("upper"), c.Upper[i], Rtol, at + " upper");
            }
            if (g.GetProperty("at") is { ValueKind: JsonValueKind.Array } points)
                foreach (var p in points.EnumerateArray())
                {
                    var s = c.At(p.GetProperty("time").GetDouble());
                    string at = $"{name} at {s.Time}";
                    Close.Equal(p.GetProperty("survival").GetDouble(), s.Survival, Rtol, at + " survival");
                    Close.Equal(p.GetProperty("std_err"), s.StdErr, Rtol, at + " std_err");
                    Close.Equal(p.GetProperty("lower"), s.Lower, Rtol, at + " lower");
                    Close.Equal(p.GetProperty("upper"), s.Upper, Rtol, at + " upper");
                }
        }
    }

    private static (double[] Time, bool[] Died, string[] Group) Aml()
    {
        var csv = ReferenceData.Csv("aml");
        var num = ReferenceData.Numeric(csv, "time", "status");
        return (num[0], ReferenceData.Events(num[1]), csv["group"]!.Select(g => g!).ToArray());
    }

    [Theory]
    [InlineData("final_plateau", 2.0)]
    [InlineData("plateau_then_drop", 4.0)]
    public void Median_on_a_plateau_at_one_half_follows_R_printed_table(string curve, double median)
    {
        var csv = ReferenceData.Csv("km-plateau");
        var num = ReferenceData.Numeric(csv, "time", "status");
        var curves = KaplanMeier.FitByGroup(num[0], ReferenceData.Events(num[1]), csv["curve"].Select(c => c!).ToArray());
        var expected = ReferenceData.Json("edge-reference", "km_median").EnumerateArray().Single(e => e.GetProperty("name").GetString() == curve);
        var actual = Assert.Single(curves, c => c.Name == curve);

        Assert.Equal(median, expected.GetProperty("median").GetDouble());
        Close.Equal(expected.GetProperty("median"), actual.Median, Rtol, "median");
        Close.Equal(expected.GetProperty("median_lower"), actual.MedianLower, Rtol, "median_lower");
        Close.Equal(expected.GetProperty("median_upper"), actual.MedianUpper, Rtol, "median_upper");
        if (curve == "final_plateau") // quantile.survfit's midpoint with the last follow-up time is not the printed median
            Assert.NotEqual(expected.GetProperty("quantile_survfit_median").GetDouble(), actual.Median);
    }

    [Fact]
    public void Aml_curves_with_log_limits_match_R_survfit()
    {
        var (time, died, group) = Aml();
        var curves = KaplanMeier.FitByGroup(time, died, group);
        AssertMatches(ReferenceData.Json("aml", "km"), curves);
    }

    [Fact]
    public void Aml_curves_with_log_log_limits_match_R_survfit()
    {
        var (time, died, group) = Aml();
        var curves = KaplanMeier.FitByGroup(time, died, group, ConfidenceType.LogLog);
        AssertMatches(ReferenceData.Json("aml", "km_loglog"), curves);
    }

    [Fact]
    public void Lung_overall_curve_matches_R_survfit()
    {
        var num = ReferenceData.Numeric(ReferenceData.Csv("lung"), "time", "status");
        var curve = KaplanMeier.Fit(num[0], ReferenceData.Events(num[1]));
        AssertMatches(ReferenceData.Json("lung", "km_all"), [curve]);
    }

    [Fact]
    public void Lung_curves_by_sex_match_R_survfit()
    {
        var num = ReferenceData.Numeric(ReferenceData.Csv("lung"), "time", "status", "sex");
        var curves = KaplanMeier.FitByGroup(num[0], ReferenceData.Events(num[1]), num[2].Select(s => s.ToString("R")).ToArray());
        AssertMatches(ReferenceData.Json("lung", "km_sex"), curves);
    }

    [Fact]
    public void Median_on_a_flat_stretch_at_exactly_one_half_is_the_midpoint_of_the_stretch()
    {
        // Deaths at 1 and 2 of 4 subjects: S = 0.5 from 2 until the next death at 5.
        var curve = KaplanMeier.Fit([1, 2, 5, 8], [true, true, true, true]);
        Assert.Equal(0.5, curve.Survival[1]);
        Assert.Equal(3.5, curve.Median);
    }

    [Fact]
    public void Median_is_null_when_the_curve_stays_above_one_half()
    {
        var curve = KaplanMeier.Fit([1, 2, 3, 4, 5], [true, false, false, false, false]);
        Assert.Null(curve.Median);
        Assert.Null(curve.MedianUpper);
    }

    [Fact]
    public void Survival_is_one_before_the_first_time_and_carried_beyond_the_last()
    {
        var curve = KaplanMeier.Fit([2, 4, 6, 9], [true, false, true, false]);
        var before = curve.At(1);
        Assert.Equal((1.0, 0.0, 1.0, 1.0), (before.Survival, before.StdErr!.Value, before.Lower!.Value, before.Upper!.Value));
        var after = curve.At(100);
        Assert.Equal(curve.Survival[^1], after.Survival);
        Assert.Equal(curve.StdErr[^1], after.StdErr);
        Assert.Equal(curve.Survival[1], curve.At(5).Survival); // between 4 and 6: the value at 4
    }

    [Fact]
    public void Number_at_risk_counts_subjects_still_followed_at_that_time()
    {
        var curve = KaplanMeier.Fit([2, 4, 4, 6, 9], [true, false, true, true, false]);
        Assert.Equal(5, curve.NumberAtRisk(0));
        Assert.Equal(4, curve.NumberAtRisk(3));
        Assert.Equal(4, curve.NumberAtRisk(4));
        Assert.Equal(2, curve.NumberAtRisk(6));
        Assert.Equal(0, curve.NumberAtRisk(10));
    }

    [Fact]
    public void Plain_limits_are_survival_plus_minus_z_standard_errors_clipped_to_the_unit_interval()
    {
        var (time, died, group) = Aml();
        var curve = KaplanMeier.FitByGroup(time, died, group, ConfidenceType.Plain, 0.90)[1];
        double z = 1.6448536269514722;
        for (int i = 0; i < curve.Time.Length; i++)
        {
            if (curve.StdErr[i] is not { } se) { Assert.Equal(0, curve.Survival[i]); continue; }
            Close.Equal(Math.Max(0, curve.Survival[i] - z * se), curve.Lower[i]!.Value, 1e-12, "lower");
            Close.Equal(Math.Min(1, curve.Survival[i] + z * se), curve.Upper[i]!.Value, 1e-12, "upper");
        }
    }

    [Fact]
    public void Standard_error_and_limits_do_not_exist_once_survival_reaches_zero()
    {
        var curve = KaplanMeier.Fit([1, 2], [true, true]);
        Assert.Equal(0, curve.Survival[^1]);
        Assert.Null(curve.StdErr[^1]);
        Assert.Null(curve.Lower[^1]);
        Assert.Null(curve.Upper[^1]);
    }

    [Fact]
    public void Non_integer_times_give_the_same_curve_as_integer_times_scaled()
    {
        var (time, died, group) = Aml();
        var days = KaplanMeier.FitByGroup(time, died, group);
        var months = KaplanMeier.FitByGroup(time.Select(t => t / 30.4375).ToArray(), died, group);
        for (int g = 0; g < days.Count; g++)
        {
            Assert.Equal(days[g].Survival, months[g].Survival);
            Assert.Equal(days[g].NRisk, months[g].NRisk);
            Close.Equal(days[g].Median!.Value / 30.4375, months[g].Median!.Value, 1e-12, "median in months");
        }
    }

    [Fact]
    public void A_time_that_is_not_a_number_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => KaplanMeier.Fit([1, double.NaN], [true, false]));
        Assert.Throws<ArgumentException>(() => KaplanMeier.Fit([1, 2], [true]));
    }
}
