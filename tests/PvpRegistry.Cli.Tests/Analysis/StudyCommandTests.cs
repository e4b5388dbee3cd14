using System.Text;
using PvpRegistry.Cli.Tests.Infrastructure;
using PvpRegistry.Core.Tests.Statistics;

namespace PvpRegistry.Cli.Tests.Analysis;

/// <summary>pvp study and pvp rmanova, run in process on the reference CSV files.</summary>
public class StudyCommandTests
{
    private static (int Code, System.Text.Json.JsonElement? Json, string Stderr) Run(string verb, params string[] args)
    {
        var run = PvpInProcess.Run([verb, .. args]);
        return (run.Code, run.Code == 0 ? JsonReference.Parse(System.Text.Encoding.UTF8.GetBytes(run.StdOut)) : null, run.StdErr);
    }

    private static string CopyOfCohortWith(Func<string[], string[]> change)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pvp-study-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, change(File.ReadAllLines(ReferenceData.PathOf("cohort-demo.csv"))), Encoding.UTF8);
        return path;
    }

    private static string SingleErrorLine(string stderr, string command)
    {
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"pvp {command}: ", line);
        return line;
    }

    [Fact]
    public void A_study_csv_that_is_not_UTF8_is_refused_with_its_row_and_column()
    {
        var lines = File.ReadAllLines(ReferenceData.PathOf("cohort-demo.csv"));
        int studyId = Array.IndexOf(lines[0].Split(','), "\"study_id\"");
        var fields = lines[1].Split(',');
        fields[studyId] = fields[studyId].TrimEnd('"') + "-\u00e9\""; // Latin-1 0xE9 inside the quoted ID
        lines[1] = string.Join(',', fields);
        var path = Path.Combine(Path.GetTempPath(), $"pvp-study-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, string.Join('\n', lines) + "\n", Encoding.Latin1);
        try
        {
            // pvp report --input reads the study CSV as pvp study does, and writes no PDF of a file it refused.
            var pdf = Path.ChangeExtension(path, ".pdf");
            foreach (var args in new[] { new[] { "study", "--input", path }, ["report", "--input", path, "--out", pdf] })
            {
                var (code, json, stderr) = Run(args[0], args[1..]);
                Assert.Equal(1, code);
                Assert.Null(json);
                Assert.Contains("row 2, column study_id: byte 0xE9 is not UTF-8", SingleErrorLine(stderr, args[0]));
            }
            Assert.False(File.Exists(pdf));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Study_prints_every_value_of_cohort_demo_json_as_R_computed_it()
    {
        var (code, json, stderr) = Run("study", "--input", ReferenceData.PathOf("cohort-demo.csv"));
        Assert.True(code == 0, stderr);
        int compared = JsonReference.AssertMatches(JsonReference.Load("cohort-demo.json"), json!.Value, JsonReference.StudyTolerance);
        Assert.True(compared >= 281, $"only {compared} values compared");
    }

    [Fact]
    public void Rmanova_prints_the_obk_analysis_as_R()
    {
        var (code, json, stderr) = Run("rmanova", "--input", ReferenceData.PathOf("obk.csv"), "--group", "treatment", "--measures", "pre,post,fup");
        Assert.True(code == 0, stderr);
        int compared = JsonReference.AssertMatches(JsonReference.Load("obk.json").GetProperty("rmanova"), json!.Value, _ => 1e-6);
        Assert.Equal(20, compared);
    }

    [Fact]
    public void Rmanova_counts_rows_with_a_missing_measure_as_excluded()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pvp-rm-{Guid.NewGuid():N}.csv");
        var lines = File.ReadAllLines(ReferenceData.PathOf("obk.csv")).ToList();
        lines.Add("99,\"control\",3,,4");
        File.WriteAllLines(path, lines);
        try
        {
            var (code, json, stderr) = Run("rmanova", "--input", path, "--group", "treatment", "--measures", "pre,post,fup");
            Assert.True(code == 0, stderr);
            Assert.Equal(1, json!.Value.GetProperty("excluded").GetInt32());
            JsonReference.AssertMatches(JsonReference.Load("obk.json").GetProperty("rmanova"), json.Value, _ => 1e-6);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Study_with_a_missing_file_exits_non_zero_with_one_line()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-cohort-{Guid.NewGuid():N}.csv");
        var (code, json, stderr) = Run("study", "--input", missing);
        Assert.NotEqual(0, code);
        Assert.Null(json);
        Assert.Contains("File does not exist", SingleErrorLine(stderr, "study"));
    }

    [Fact]
    public void Study_with_an_invalid_row_names_the_first_problem_by_row_and_column_and_counts_them()
    {
        // Patient rows start at spreadsheet row 2: line index 4 is row 5.
        var path = CopyOfCohortWith(lines =>
        {
            lines[4] = lines[4].Replace("\"female\"", "\"f\"").Replace("\"male\"", "\"m\"");
            lines[9] = lines[9].Replace(",\"dead\",", ",\"deceased\",").Replace(",\"alive\",", ",\"deceased\",");
            return lines;
        });
        try
        {
            var (code, json, stderr) = Run("study", "--input", path);
            Assert.NotEqual(0, code);
            Assert.Null(json);
            var line = SingleErrorLine(stderr, "study");
            Assert.Contains("row 5, column sex: unknown code", line);
            Assert.Contains("(2 problems in all)", line);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Rmanova_with_an_unknown_column_exits_non_zero_with_one_line()
    {
        var (code, _, stderr) = Run("rmanova", "--input", ReferenceData.PathOf("obk.csv"), "--group", "treatment", "--measures", "pre,later");
        Assert.NotEqual(0, code);
        Assert.Contains("Column 'later' is not in", SingleErrorLine(stderr, "rmanova"));
    }
}
