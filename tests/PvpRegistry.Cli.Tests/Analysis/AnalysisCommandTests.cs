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
        }
        finally { File.Delete(path); }
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
            "bad-event" => "time,status,x\n1,2,2\n2,0,3\n",
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
