using System.Text;
using PvpRegistry.Cli.Tests.Infrastructure;
using PvpRegistry.Core.Tests.Statistics;

namespace PvpRegistry.Cli.Tests.Analysis;

/// <summary>The pvp km, logrank and cox commands, run in process on the reference CSV files.</summary>
public class AnalysisCommandTests
{
    private static (int Code, System.Text.Json.JsonElement? Json, string Stderr) Run(string verb, params string[] args)
    {
        var run = PvpInProcess.Run([verb, .. args]);
        return (run.Code, run.Json, run.StdErr);
    }

    private static void AssertMatchesReference(string dataset, string key, double rtol, string command, params string[] args)
    {
        var (code, json, stderr) = Run(command, args);
        Assert.True(code == 0, stderr);
        int checkedValues = Close.JsonMatches(ReferenceData.Json(dataset, key), json!.Value, rtol);
        Assert.True(checkedValues > 5);
    }

    private static string Aml => ReferenceData.PathOf("aml.csv");
    private static string Lung => ReferenceData.PathOf("lung.csv");

    [Fact]
    public void Km_prints_aml_curves_as_R_with_survival_at_given_times()
        => AssertMatchesReference("aml", "km", 1e-6, "km",
            "--input", Aml, "--time", "time", "--event", "status", "--group", "group", "--at", "12,24,36");

    [Fact]
    public void Km_with_log_log_limits_prints_aml_curves_as_R()
        => AssertMatchesReference("aml", "km_loglog", 1e-6, "km",
            "--input", Aml, "--time", "time", "--event", "status", "--group", "group", "--conf-type", "log-log");

    [Fact]
    public void Km_without_a_group_prints_one_lung_curve_named_all()
        => AssertMatchesReference("lung", "km_all", 1e-6, "km",
            "--input", Lung, "--time", "time", "--event", "status", "--at", "180,365,730");

    [Fact]
    public void Km_by_a_numeric_group_column_prints_lung_curves_by_sex()
        => AssertMatchesReference("lung", "km_sex", 1e-6, "km",
            "--input", Lung, "--time", "time", "--event", "status", "--group", "sex", "--at", "180,365,730");

    [Fact]
    public void Logrank_prints_the_aml_test_as_R()
        => AssertMatchesReference("aml", "logrank", 1e-6, "logrank",
            "--input", Aml, "--time", "time", "--event", "status", "--group", "group");

    [Fact]
    public void Logrank_prints_the_lung_test_by_sex_as_R()
        => AssertMatchesReference("lung", "logrank_sex", 1e-6, "logrank",
            "--input", Lung, "--time", "time", "--event", "status", "--group", "sex");

    [Fact]
    public void Cox_prints_the_aml_model_as_R()
    {
        // The reference codes maintained = 1 for the Maintained group.
        var path = Path.Combine(Path.GetTempPath(), $"aml-maintained-{Guid.NewGuid():N}.csv");
        var lines = File.ReadAllLines(Aml);
        File.WriteAllLines(path, lines.Take(1).Select(h => h + ",\"maintained\"")
            .Concat(lines.Skip(1).Select(l => l + (l.EndsWith("\"Maintained\"") ? ",1" : ",0"))));
        try
        {
            AssertMatchesReference("aml", "cox", 1e-5, "cox",
                "--input", path, "--time", "time", "--event", "status", "--covariates", "maintained");
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Cox_drops_rows_with_a_missing_covariate_and_prints_the_lung_efron_model_as_R()
        => AssertMatchesReference("lung", "cox_efron", 1e-5, "cox",
            "--input", Lung, "--time", "time", "--event", "status", "--covariates", "age,sex,ph_ecog");

    [Fact]
    public void Cox_with_breslow_ties_prints_the_lung_breslow_model_as_R()
        => AssertMatchesReference("lung", "cox_breslow", 1e-5, "cox",
            "--input", Lung, "--time", "time", "--event", "status", "--covariates", "age,sex,ph_ecog", "--ties", "breslow");

    [Fact]
    public void Cox_with_forward_selection_lists_its_steps_and_the_final_model()
    {
        var (code, json, stderr) = Run("cox", "--input", Lung, "--time", "time", "--event", "status",
            "--covariates", "age,sex,ph_ecog,ph_karno,wt_loss", "--ties", "breslow", "--select", "forward-lr");
        Assert.True(code == 0, stderr);
        var steps = json!.Value.GetProperty("steps").EnumerateArray().ToArray();
        Assert.NotEmpty(steps);
        var entered = steps.Where(s => s.GetProperty("action").GetString() == "entered").Select(s => s.GetProperty("covariate").GetString()).ToHashSet();
        var inModel = json.Value.GetProperty("coefficients").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToHashSet();
        Assert.Subset(entered, inModel);
    }

    private static string WriteCsv(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pvp-test-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, content, Encoding.UTF8);
        return path;
    }

    [Fact]
    public void Rows_with_an_empty_or_NA_cell_in_a_used_column_are_dropped()
    {
        var path = WriteCsv("\"t\",\"e\",\"g\",\"unused\"\n1,1,\"a\",NA\n2,NA,\"a\",1\n3,0,\"b\",\n,1,\"b\",2\n4,1,NA,3\n5,1,\"b\",4\n6,0,\"a\",5\n");
        try
        {
            var (code, json, stderr) = Run("km", "--input", path, "--time", "t", "--event", "e", "--group", "g");
            Assert.True(code == 0, stderr);
            var groups = json!.Value.GetProperty("groups").EnumerateArray().ToArray();
            Assert.Equal(["a", "b"], groups.Select(g => g.GetProperty("name").GetString()));
            Assert.Equal([2, 2], groups.Select(g => g.GetProperty("n").GetInt32()));
            // Counted by reason, as SPSS's case-processing summary, in the JSON and on stderr.
            var cases = json.Value.GetProperty("case_processing");
            Assert.Equal(7, cases.GetProperty("rows").GetInt32());
            Assert.Equal(4, cases.GetProperty("included").GetInt32());
            Assert.Equal(3, cases.GetProperty("excluded").GetInt32());
            Assert.Equal(["missing 't': 1", "missing 'e': 1", "empty group 'g': 1"],
                cases.GetProperty("reasons").EnumerateArray().Select(r => $"{r.GetProperty("reason").GetString()}: {r.GetProperty("rows").GetInt32()}"));
            Assert.Equal("pvp km: excluded 3 of 7 rows: 1 with missing 't', 1 with missing 'e', 1 with empty group 'g'.", stderr.Trim());
        }
        finally { File.Delete(path); }
    }

    /// <summary>aml.csv with its status column rewritten, the rest as is.</summary>
    private static string AmlWithStatus(Func<string, string> recode)
    {
        var lines = File.ReadAllLines(Aml);
        int status = Array.IndexOf(lines[0].Split(',').Select(h => h.Trim('"')).ToArray(), "status");
        return WriteCsv(string.Join('\n', lines.Select((line, i) =>
        {
            if (i == 0) return line;
            var cells = line.Split(',');
            cells[status] = recode(cells[status]);
            return string.Join(',', cells);
        })) + "\n");
    }

    [Theory]
    [InlineData("2/1", "2 = event, 1 = censored (R's Surv convention)")]
    [InlineData("TRUE/FALSE", "TRUE = event, FALSE = censored")]
    [InlineData("T/F", "TRUE = event, FALSE = censored")]
    public void Events_coded_as_R_reads_them_give_R_curves_and_the_coding_is_stated(string coding, string stated)
    {
        var path = AmlWithStatus(s => (coding, s) switch
        {
            ("2/1", "1") => "2", ("2/1", _) => "1",
            ("TRUE/FALSE", "1") => "TRUE", ("TRUE/FALSE", _) => "FALSE",
            (_, "1") => "T", _ => "F",
        });
        try
        {
            var (code, json, stderr) = Run("km", "--input", path, "--time", "time", "--event", "status", "--group", "group", "--at", "12,24,36");
            Assert.True(code == 0, stderr);
            Assert.True(Close.JsonMatches(ReferenceData.Json("aml", "km"), json!.Value, 1e-6) > 5);
            Assert.Equal(stated, json.Value.GetProperty("event_coding").GetString());
            var logrank = Run("logrank", "--input", path, "--time", "time", "--event", "status", "--group", "group");
            Assert.True(Close.JsonMatches(ReferenceData.Json("aml", "logrank"), logrank.Json!.Value, 1e-6) > 3);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("km", "--time time --event status --group group")]
    [InlineData("logrank", "--time time --event status --group group")]
    [InlineData("cox", "--time time --event status --covariates x")]
    [InlineData("rmanova", "--group group --measures time,x")]
    public void A_file_that_is_not_UTF8_is_refused_with_its_line_and_column(string verb, string columns)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pvp-test-{Guid.NewGuid():N}.csv");
        var latin1 = Encoding.Latin1.GetBytes("time,status,\"group\",x\n1,1,\"a\",1\n2,0,\"caf\u00e9, au lait\",0\n3,1,\"a\",1\n");
        File.WriteAllBytes(path, latin1);
        try
        {
            var (code, json, stderr) = Run(verb, ["--input", path, .. columns.Split(' ')]);
            Assert.Equal(1, code);
            Assert.Null(json);
            Assert.Equal($"pvp {verb}: '" + path + "' line 3, column 'group': byte 0xE9 is not UTF-8 (Latin-1 or Windows-1252 text?). Save the file as UTF-8 and run again.",
                Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("final_plateau", 2.0)]
    [InlineData("plateau_then_drop", 4.0)]
    public void Km_prints_the_median_on_a_plateau_at_one_half_as_R_prints_it(string curve, double median)
    {
        var (code, json, stderr) = Run("km", "--input", ReferenceData.PathOf("km-plateau.csv"), "--time", "time", "--event", "status", "--group", "curve");
        Assert.True(code == 0, stderr);
        var group = json!.Value.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("name").GetString() == curve);
        Assert.Equal(median, group.GetProperty("median").GetDouble());
        // The limits by the same rule, as R's summary(survfit)$table (an upper limit not reached is null).
        var expected = ReferenceData.Json("edge-reference", "km_median").EnumerateArray().Single(e => e.GetProperty("name").GetString() == curve);
        foreach (var key in new[] { "n", "events", "median", "median_lower", "median_upper" })
            Assert.Equal(expected.GetProperty(key).GetRawText(), group.GetProperty(key).GetRawText());
    }

    [Theory]
    [InlineData("level_without_events")]
    [InlineData("covariate_orders_event_times")]
    [InlineData("exactly_collinear")]
    [InlineData("wildly_different_scales")]
    public void Cox_with_an_infinite_or_singular_coefficient_prints_complete_JSON_with_null_where_R_is_not_finite(string name)
    {
        var e = ReferenceData.Json("edge-reference", "cox").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var covariates = string.Join(',', e.GetProperty("covariates").EnumerateArray().Select(c => c.GetString()));
        var run = PvpInProcess.Run("cox", "--input", ReferenceData.PathOf("cox-edge.csv"), "--time", "time", "--event", "status", "--covariates", covariates);
        Assert.True(run.Code == 0, run.StdErr);
        var json = run.Json!.Value; // parses: the document is complete
        var coefficients = json.GetProperty("coefficients").EnumerateArray().ToArray();
        foreach (var c in e.GetProperty("coefficients").EnumerateArray())
        {
            var a = coefficients.Single(x => x.GetProperty("name").GetString() == c.GetProperty("name").GetString());
            foreach (var key in new[] { "b", "se", "hr", "hr_lower", "hr_upper" })
            {
                if (c.GetProperty(key).ValueKind == System.Text.Json.JsonValueKind.Null) Assert.Equal(System.Text.Json.JsonValueKind.Null, a.GetProperty(key).ValueKind);
                else Close.Equal(c.GetProperty(key).GetDouble(), a.GetProperty(key).GetDouble(), 1e-5, $"{name} {key}");
            }
            string status = a.GetProperty("status").GetString()!;
            if (status != "estimated")
            {
                var warning = json.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).Single(w => w.Contains($"'{a.GetProperty("name").GetString()}'", StringComparison.Ordinal));
                Assert.Contains("null", warning);
                Assert.Contains(warning, run.StdErr);
            }
        }
        Assert.Equal(e.GetProperty("warnings").GetArrayLength() > 0 || name == "exactly_collinear", json.GetProperty("warnings").GetArrayLength() > 0);
    }

    [Fact]
    public void Cox_names_the_covariate_R_warns_about_in_R_words()
    {
        var run = PvpInProcess.Run("cox", "--input", ReferenceData.PathOf("cox-edge.csv"), "--time", "time", "--event", "status", "--covariates", "no_event_level,z");
        Assert.Equal(0, run.Code);
        Assert.StartsWith("pvp cox: warning: Loglik converged before variable 'no_event_level'; coefficient may be infinite.", run.StdErr);
        Assert.Equal("may_be_infinite", run.Json!.Value.GetProperty("coefficients")[0].GetProperty("status").GetString());
        Assert.Equal("estimated", run.Json!.Value.GetProperty("coefficients")[1].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("forward-lr")]
    [InlineData("backward-wald")]
    public void Cox_stepwise_goes_on_past_a_candidate_whose_fit_is_infinite(string select)
    {
        var run = PvpInProcess.Run("cox", "--input", ReferenceData.PathOf("cox-edge.csv"), "--time", "time", "--event", "status",
            "--covariates", "no_event_level,orders_times,z,z_twice,stage", "--select", select);
        Assert.True(run.Code == 0, run.StdErr);
        Assert.True(run.Json!.Value.GetProperty("steps").GetArrayLength() > 0);
    }

    [Fact]
    public void Rmanova_gives_the_Huynh_Feldt_epsilon_of_R_and_of_SPSS()
    {
        var run = PvpInProcess.Run("rmanova", "--input", ReferenceData.PathOf("obk.csv"), "--group", "treatment", "--measures", "pre,post,fup");
        Assert.True(run.Code == 0, run.StdErr);
        var json = run.Json!.Value;
        var hf = ReferenceData.Json("edge-reference", "huynh_feldt")[0];
        Close.Equal(hf.GetProperty("epsilon_hf_lecoutre").GetDouble(), json.GetProperty("epsilon_hf").GetDouble(), 1e-6, "epsilon_hf");
        Close.Equal(hf.GetProperty("epsilon_hf_1976").GetDouble(), json.GetProperty("epsilon_hf_spss").GetDouble(), 1e-6, "epsilon_hf_spss");
        Assert.True(json.GetProperty("time").GetProperty("p_hf_spss").GetDouble() < json.GetProperty("time").GetProperty("p_hf").GetDouble());
    }

    [Theory]
    [InlineData("missing-file", "File does not exist")]
    [InlineData("unknown-column", "Column 'nope' is not in")]
    [InlineData("non-numeric", "non-numeric value 'soon'")]
    [InlineData("no-events", "no events")]
    [InlineData("bad-event", "must be 1 (event) or 0 (censored)")]
    public void Bad_input_gives_one_clear_line_on_stderr_and_a_non_zero_exit(string problem, string message)
    {
        var path = WriteCsv(problem switch
        {
            "non-numeric" => "time,status,x\n1,1,2\nsoon,0,3\n",
            "no-events" => "time,status,x\n1,0,2\n2,0,3\n3,0,1\n",
            "bad-event" => "time,status,x\n1,3,2\n2,0,3\n",
            _ => "time,status,x\n1,1,2\n2,0,3\n3,1,1\n",
        });
        try
        {
            string input = problem == "missing-file" ? path + ".gone" : path;
            string covariate = problem == "unknown-column" ? "nope" : "x";
            var (code, json, stderr) = Run("cox", "--input", input, "--time", "time", "--event", "status", "--covariates", covariate);
            Assert.NotEqual(0, code);
            Assert.Null(json);
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var line = Assert.Single(lines);
            Assert.StartsWith("pvp cox: ", line);
            Assert.Contains(message, line);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Km_without_events_is_refused()
    {
        var path = WriteCsv("time,status\n1,0\n2,0\n");
        try
        {
            var (code, json, stderr) = Run("km", "--input", path, "--time", "time", "--event", "status");
            Assert.Equal(1, code);
            Assert.Null(json);
            Assert.StartsWith("pvp km: There are no events", stderr);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void An_unknown_option_is_refused()
    {
        var (code, _, stderr) = Run("logrank", "--input", Aml, "--time", "time", "--event", "status", "--group", "group", "--colour", "red");
        Assert.Equal(2, code);
        Assert.StartsWith("pvp logrank: Unrecognized command or argument '--colour'", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
