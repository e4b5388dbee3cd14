using System.Globalization;
using System.Text.Json;
using PvpRegistry.Cli.Tests.Infrastructure;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Cli.Tests.Registry;

/// <summary>`pvp import` and `pvp worklist` against a test registry; a broken file as a process (exit code and stderr).</summary>
public class WorklistImportCommandTests
{
    private static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static readonly string CohortPath = Path.Combine(AppContext.BaseDirectory, "TestData", "cohort-demo.csv");

    private static readonly (string Code, int Start, int End)[] Windows =
        [("preop", -14, 0), ("day1", 1, 3), ("1m", 23, 37), ("3m", 77, 105), ("6m", 152, 212), ("12m", 335, 395), ("36m", 1035, 1155)];

    /// <summary>
    /// Patients operated shortly before 2016-06-15 (every visit of the demo cohort whose window has opened by then is
    /// already scored, so it alone would give an empty worklist on that day). Scores only up to day 1, dated on their targets.
    /// </summary>
    private static string RecentCsv()
    {
        var csv = new StudyCsvText();
        var later = new[] { "1m", "3m", "6m", "12m", "36m" }.SelectMany(v => new[] { ($"vas_{v}", ""), ($"kps_{v}", "") }).ToArray();
        // operated 06-10, preop only: day1 06-11..06-13 overdue.
        csv.Row("R-1", [("procedure_date", "2016-06-10"), ("status_date", "2016-06-10"), ("vas_day1", ""), ("kps_day1", ""), .. later]);
        // operated 05-20, preop and day1: 1m 06-12..06-26 due.
        csv.Row("R-2", [("procedure_date", "2016-05-20"), ("status_date", "2016-06-01"), .. later]);
        // operated 06-14, nothing scored: preop 05-31..06-14 overdue, day1 06-15..06-17 due.
        csv.Row("R-3", [("procedure_date", "2016-06-14"), ("status_date", "2016-06-14"), .. StudyCsvText.VisitCodes.SelectMany(v => new[] { ($"vas_{v}", ""), ($"kps_{v}", "") })]);
        // operated 05-20, died 06-05 with only preop scored: closed, never listed.
        csv.Row("R-4", [("procedure_date", "2016-05-20"), ("vital_status", "dead"), ("status_date", "2016-06-05"), ("vas_day1", ""), ("kps_day1", ""), .. later]);
        // operated 05-20, died 06-20 (after the worklist day) with preop and day1 scored: 1m still due.
        csv.Row("R-5", [("procedure_date", "2016-05-20"), ("vital_status", "dead"), ("status_date", "2016-06-20"), .. later]);
        return csv.ToString();
    }

    /// <summary>The worklist on a date worked out from the CSV files by the clinical rules, independently of the registry.</summary>
    private static HashSet<(string StudyId, string Visit, string Status, string Start, string End)> ExpectedFromCsv(DateOnly asOf, params CsvTable[] files)
    {
        var expected = new HashSet<(string, string, string, string, string)>();
        foreach (var row in files.SelectMany(f => f.Rows))
        {
            var procedure = D(row["procedure_date"]);
            bool closed = row["vital_status"] == "dead" && D(row["status_date"]) <= asOf;
            if (closed) continue;
            foreach (var (code, start, end) in Windows)
            {
                if (row[$"vas_{code}"] != "" || row[$"kps_{code}"] != "") continue; // completed
                var ws = procedure.AddDays(start);
                var we = procedure.AddDays(end);
                if (asOf < ws) continue; // upcoming
                expected.Add((row["study_id"], code, asOf <= we ? "due" : "overdue", ws.ToString("yyyy-MM-dd"), we.ToString("yyyy-MM-dd")));
            }
        }
        return expected;
    }

    [Fact]
    public async Task Pvp_worklist_as_json_after_pvp_import_lists_the_due_and_overdue_visits_of_the_cohort()
    {
        await using var registry = await TestRegistry.CreateAsync(migrate: false);
        var recentFile = Path.Combine(registry.Folder, "recent.csv");
        await File.WriteAllTextAsync(recentFile, RecentCsv());

        // The worklist of a day in 2016: the import (today) would close the 2016 visits as "window passed" (30 days after
        // their windows), so this registry keeps them open for a hundred years to show the worklist as it stood then.
        var keepOpen = new Dictionary<string, string> { ["FollowUp__CloseAsMissedAfterDays"] = "36500" };
        var import = await PvpInProcess.RunAsync(registry, keepOpen, "import", CohortPath);
        Assert.True(import.Code == 0, import.StdErr);
        Assert.Contains("Imported 62 patient(s)", import.StdOut);
        var recent = await PvpInProcess.RunAsync(registry, keepOpen, "import", recentFile);
        Assert.True(recent.Code == 0, recent.StdErr);

        var worklist = await PvpInProcess.RunAsync(registry, "worklist", "--as-of", "2016-06-15", "--format", "json");
        Assert.True(worklist.Code == 0, worklist.StdErr);

        using var json = JsonDocument.Parse(worklist.StdOut);
        Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
        var actual = new HashSet<(string, string, string, string, string)>();
        foreach (var item in json.RootElement.EnumerateArray())
        {
            Assert.Equal(new[] { "status", "study_id", "visit", "window_end", "window_start" },
                item.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
            actual.Add((item.GetProperty("study_id").GetString()!, item.GetProperty("visit").GetString()!, item.GetProperty("status").GetString()!,
                item.GetProperty("window_start").GetString()!, item.GetProperty("window_end").GetString()!));
        }
        var expected = ExpectedFromCsv(D("2016-06-15"), CsvTable.Load(CohortPath), CsvTable.Parse(RecentCsv()));
        // Worked out by hand from the comments of RecentCsv.
        Assert.Equal(
            new HashSet<(string, string, string, string, string)>
            {
                ("R-1", "day1", "overdue", "2016-06-11", "2016-06-13"),
                ("R-2", "1m", "due", "2016-06-12", "2016-06-26"),
                ("R-3", "preop", "overdue", "2016-05-31", "2016-06-14"),
                ("R-3", "day1", "due", "2016-06-15", "2016-06-17"),
                ("R-5", "1m", "due", "2016-06-12", "2016-06-26"),
            },
            expected);
        Assert.Equal(expected.Count, json.RootElement.GetArrayLength());
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Pvp_import_of_a_broken_file_exits_non_zero_lists_every_problem_and_imports_nothing()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var file = Path.Combine(registry.Folder, "broken.csv");
        await File.WriteAllTextAsync(file, BrokenStudyCsv.Text());

        var result = await PvpProcess.RunAsync(registry, "import", file);

        Assert.NotEqual(0, result.ExitCode);
        foreach (var (row, column) in BrokenStudyCsv.ColumnProblems)
            Assert.Contains($"row {row}, column {column}: ", result.StdErr);
        Assert.Contains($"row {BrokenStudyCsv.WrongCellCountRow}, column ", result.StdErr);
        Assert.Equal(0, (await registry.CountRowsAsync()).Patients);
    }
}
