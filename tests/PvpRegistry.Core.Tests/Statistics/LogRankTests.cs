using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Core.Tests.Statistics;

public class LogRankTests
{
    private const double Rtol = 1e-6;

    private static void AssertMatches(string dataset, string key, LogRankResult r)
    {
        var e = ReferenceData.Json(dataset, key);
        Assert.Equal(e.GetProperty("rho").GetDouble(), r.Rho);
        Close.Equal(e.GetProperty("chisq").GetDouble(), r.ChiSquare, Rtol, "chisq");
        Assert.Equal(e.GetProperty("df").GetInt32(), r.Df);
        Close.Equal(e.GetProperty("p").GetDouble(), r.P, Rtol, "p");
        foreach (var g in e.GetProperty("groups").EnumerateArray())
        {
            var name = g.GetProperty("name").GetString();
            var a = Assert.Single(r.Groups, x => x.Name == name);
            Assert.Equal(g.GetProperty("n").GetInt32(), a.N);
            Close.Equal(g.GetProperty("observed").GetDouble(), a.Observed, Rtol, $"{name} observed");
            Close.Equal(g.GetProperty("expected").GetDouble(), a.Expected, Rtol, $"{name} expected");
        }
    }

    [Fact]
    public void Aml_log_rank_matches_R_survdiff()
    {
        var csv = ReferenceData.Csv("aml");
        var num = ReferenceData.Numeric(csv, "time", "status");
        var r = LogRank.Test(num[0], ReferenceData.Events(num[1]), csv["group"].Select(g => g!).ToArray());
        AssertMatches("aml", "logrank", r);
    }

    [Fact]
    public void Lung_log_rank_by_sex_matches_R_survdiff()
    {
        var num = ReferenceData.Numeric(ReferenceData.Csv("lung"), "time", "status", "sex");
        var r = LogRank.Test(num[0], ReferenceData.Events(num[1]), num[2].Select(s => s.ToString("R")).ToArray());
        AssertMatches("lung", "logrank_sex", r);
    }

    [Fact]
    public void Test_in_months_equals_test_in_days()
    {
        var num = ReferenceData.Numeric(ReferenceData.Csv("lung"), "time", "status", "sex");
        var sex = num[2].Select(s => s.ToString("R")).ToArray();
        var died = ReferenceData.Events(num[1]);
        var days = LogRank.Test(num[0], died, sex);
        var months = LogRank.Test(num[0].Select(t => t / 30.4375).ToArray(), died, sex);
        Close.Equal(days.ChiSquare, months.ChiSquare, 1e-12, "chisq");
        Assert.Equal(days.Groups.Select(g => g.Expected), months.Groups.Select(g => g.Expected));
    }

    [Fact]
    public void Leukaemia_6MP_versus_placebo_gives_the_textbook_chi_square()
    {
        var r = LogRank.Test(Leukaemia.Time, Leukaemia.Died, Leukaemia.Group);
        Assert.Equal(16.79294, Math.Round(r.ChiSquare, 5));
        Assert.Equal(1, r.Df);
        Assert.Equal([9.0, 21.0], r.Groups.Select(g => g.Observed));
    }

    /// <summary>Weighted two-group statistic computed the slow way, one risk set at a time.</summary>
    private static double Direct(double[] time, bool[] died, string[] group, Func<int, double, double> weight)
    {
        double u = 0, v = 0, km = 1;
        foreach (var t in time.Distinct().Order())
        {
            int n = time.Count(x => x >= t), n1 = Enumerable.Range(0, time.Length).Count(i => time[i] >= t && group[i] == group[0]);
            int d = Enumerable.Range(0, time.Length).Count(i => time[i] == t && died[i]);
            int d1 = Enumerable.Range(0, time.Length).Count(i => time[i] == t && died[i] && group[i] == group[0]);
            if (d == 0) continue;
            double w = weight(n, km);
            u += w * (d1 - (double)d * n1 / n);
            if (n > 1) v += w * w * d * (n - d) * n1 * (n - n1) / ((double)n * n * (n - 1));
            km *= (double)(n - d) / n;
        }
        return u * u / v;
    }

    [Theory]
    [InlineData(LogRankWeights.Breslow, 0.0)]
    [InlineData(LogRankWeights.TaroneWare, 0.0)]
    [InlineData(LogRankWeights.FlemingHarrington, 1.0)]
    [InlineData(LogRankWeights.FlemingHarrington, 0.5)]
    public void Weighted_tests_equal_the_risk_set_by_risk_set_definition(LogRankWeights weights, double rho)
    {
        double[] time = Leukaemia.Time;
        Func<int, double, double> w = weights switch
        {
            LogRankWeights.Breslow => (n, _) => n,
            LogRankWeights.TaroneWare => (n, _) => Math.Sqrt(n),
            _ => (_, km) => Math.Pow(km, rho),
        };
        var r = LogRank.Test(time, Leukaemia.Died, Leukaemia.Group, weights, rho);
        Close.Equal(Direct(time, Leukaemia.Died, Leukaemia.Group, w), r.ChiSquare, 1e-10, "chisq");
        Assert.NotEqual(16.79294, Math.Round(r.ChiSquare, 5));
    }

    [Fact]
    public void Three_groups_have_two_degrees_of_freedom_and_a_group_without_expected_deaths_is_left_out()
    {
        var num = ReferenceData.Numeric(ReferenceData.Csv("lung"), "time", "status", "ph_ecog");
        var died = ReferenceData.Events(num[1]);
        var ecog = num[2].Select(e => e >= 2 ? "2+" : e.ToString("R")).ToArray();
        var r = LogRank.Test(num[0], died, ecog);
        Assert.Equal(2, r.Df);
        Close.Equal(r.Groups.Sum(g => g.Observed), r.Groups.Sum(g => g.Expected), 1e-12, "observed and expected totals");

        // A fourth group whose members all leave before the first death contributes nothing.
        double first = num[0].Where((_, i) => died[i]).Min();
        var time = num[0].Append(first / 2).ToArray();
        var r4 = LogRank.Test(time, died.Append(false).ToArray(), ecog.Append("early").ToArray());
        Assert.Equal(2, r4.Df);
        Close.Equal(r.ChiSquare, r4.ChiSquare, 1e-12, "chisq");
    }

    [Fact]
    public void One_group_or_no_events_cannot_be_tested()
    {
        Assert.ThrowsAny<ArgumentException>(() => LogRank.Test([1, 2, 3], [true, false, true], ["a", "a", "a"]));
        Assert.ThrowsAny<ArgumentException>(() => LogRank.Test([1, 2, 3], [false, false, false], ["a", "b", "a"]));
    }
}
