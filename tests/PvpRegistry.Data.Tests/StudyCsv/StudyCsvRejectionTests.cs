using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.StudyCsv;

/// <summary>Study CSV import is all or nothing and names every problem by spreadsheet row and column.</summary>
public class StudyCsvRejectionTests
{
    private static readonly string CohortPath = Path.Combine(AppContext.BaseDirectory, "TestData", "cohort-demo.csv");
    private static readonly Regex ProblemForm = new(@"^row (\d+), column ([^:]+): \S.*$");

    [Fact]
    public void Broken_file_has_the_documented_number_of_columns()
    {
        Assert.Equal(BrokenStudyCsv.HeaderColumns, StudyCsvText.RequiredColumns.Length);
        Assert.Equal(StudyCsvText.RequiredColumns, File.ReadLines(CohortPath).First().Split(',').Select(c => c.Trim('"')));
    }

    [Fact]
    public async Task File_with_several_bad_rows_imports_nothing_and_reports_every_problem_by_row_and_column()
    {
        await using var registry = await TestRegistry.CreateAsync();

        var result = await registry.ImportAsync(BrokenStudyCsv.Text());

        Assert.False(result.Succeeded);
        Assert.Equal(0, result.Imported);
        Assert.Equal(new RowCounts(0, 0, 0, 0, 0, 0), await registry.CountRowsAsync());

        var lines = result.Problems.Select(p => p.ToString()).ToList();
        Assert.All(lines, line => Assert.Matches(ProblemForm, line));
        var reported = lines.Select(l => ProblemForm.Match(l)).Select(m => (Row: int.Parse(m.Groups[1].Value), Column: m.Groups[2].Value)).ToList();

        foreach (var expected in BrokenStudyCsv.ColumnProblems) Assert.Contains(expected, reported);
        var cellCount = Assert.Single(result.Problems, p => p.Row == BrokenStudyCsv.WrongCellCountRow);
        Assert.Contains("30", cellCount.Message);
        Assert.Contains("29", cellCount.Message);
        // Every problem, and nothing about the valid rows 2 and 11.
        Assert.Equal(BrokenStudyCsv.ColumnProblems.Length + 1, result.Problems.Count);
        Assert.DoesNotContain(result.Problems, p => p.Row is 2 or 11);
    }

    [Theory]
    [InlineData("vas_1m", "10.1")]
    [InlineData("vas_1m", "5.55")]
    [InlineData("vas_1m", "-0.1")]
    [InlineData("kps_1m", "110")]
    [InlineData("kps_1m", "-10")]
    [InlineData("age", "17")]
    [InlineData("age", "111")]
    [InlineData("segments", "0")]
    [InlineData("sex", "m")]
    [InlineData("visceral_metastasis", "true")]
    [InlineData("status_date", "2016-13-01")]
    [InlineData("seeds", "3")] // pvp alone has no seeds
    [InlineData("seed_activity_mci", "0.5")]
    [InlineData("vital_status", "deceased")]
    public async Task Bad_cell_is_reported_on_row_2_in_its_column(string column, string value)
    {
        await using var registry = await TestRegistry.CreateAsync();
        var result = await registry.ImportAsync(new StudyCsvText().Row("X-001", (column, value)).ToString());
        var problem = Assert.Single(result.Problems);
        Assert.Equal(2, problem.Row);
        Assert.Equal(column, problem.Column);
        Assert.StartsWith($"row 2, column {column}: ", problem.ToString());
        Assert.Equal(0, (await registry.CountRowsAsync()).Patients);
    }

    [Fact]
    public async Task Seed_activity_out_of_range_is_refused_for_pvp_with_i125()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var result = await registry.ImportAsync(new StudyCsvText()
            .Row("X-001", ("group", "pvp_i125"), ("seeds", "14"), ("seed_activity_mci", "1.6"))
            .Row("X-002", ("group", "pvp_i125"), ("seeds", "14"), ("seed_activity_mci", "0.7"))
            .ToString());
        var problem = Assert.Single(result.Problems);
        Assert.Equal((2, "seed_activity_mci"), (problem.Row, problem.Column));
    }

    [Fact]
    public async Task Missing_required_column_is_reported_on_the_header_row()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var result = await registry.ImportAsync(new StudyCsvText(withoutColumns: ["kps_36m"]).Row("X-001").ToString());
        var problem = Assert.Single(result.Problems);
        Assert.Equal((1, "kps_36m"), (problem.Row, problem.Column));
        Assert.Equal(0, (await registry.CountRowsAsync()).Patients);
    }

    [Fact]
    public async Task Missing_column_does_not_hide_the_problems_of_the_rows()
    {
        // "Reports every problem": a missing column and a VAS of 11 on row 3 are two problems.
        await using var registry = await TestRegistry.CreateAsync();
        var result = await registry.ImportAsync(new StudyCsvText(withoutColumns: ["kps_36m"])
            .Row("X-001").Row("X-002", ("vas_1m", "11")).ToString());
        Assert.Contains(result.Problems, p => (p.Row, p.Column) == (1, "kps_36m"));
        Assert.Contains(result.Problems, p => (p.Row, p.Column) == (3, "vas_1m"));
    }

    [Fact]
    public async Task Duplicate_study_id_is_reported_even_when_the_first_row_has_another_problem()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var result = await registry.ImportAsync(new StudyCsvText()
            .Row("X-001", ("vas_1m", "11"))
            .Row("X-001")
            .ToString());
        Assert.Contains(result.Problems, p => (p.Row, p.Column) == (2, "vas_1m"));
        Assert.Contains(result.Problems, p => (p.Row, p.Column) == (3, "study_id"));
    }

    [Fact]
    public async Task Score_dated_after_death_by_its_own_date_column_is_refused()
    {
        await using var registry = await TestRegistry.CreateAsync();
        // Procedure 2016-03-01, death 2016-04-20; the 1m score (target 2016-03-31) is dated 2016-04-25.
        var result = await registry.ImportAsync(new StudyCsvText(extraColumns: ["vas_1m_date"])
            .Row("X-001", ("vital_status", "dead"), ("status_date", "2016-04-20"), ("vas_1m_date", "2016-04-25"),
                 ("vas_3m", ""), ("kps_3m", ""), ("vas_6m", ""), ("kps_6m", ""), ("vas_12m", ""), ("kps_12m", ""))
            .ToString());
        var problem = Assert.Single(result.Problems);
        Assert.Equal((2, "vas_1m"), (problem.Row, problem.Column));
    }

    [Fact]
    public async Task Row_conflicting_with_a_stored_patient_is_reported_and_the_stored_value_kept()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var cohortLines = File.ReadAllLines(CohortPath);
        await registry.ImportAsync(string.Join("\n", cohortLines) + "\n");
        var header = cohortLines[0].Split(',').Select(c => c.Trim('"')).ToList();
        int vas1m = header.IndexOf("vas_1m");

        var changed = cohortLines[1].Split(',');
        Assert.Equal("\"COHORT-DEMO-001\"", changed[0]);
        Assert.Equal("3.3", changed[vas1m]);
        changed[vas1m] = "3.4";
        var newcomer = cohortLines[2].Split(',');
        newcomer[0] = "\"COHORT-NEW-001\"";

        var result = await registry.ImportAsync($"{cohortLines[0]}\n{string.Join(",", changed)}\n{string.Join(",", newcomer)}\n");

        var conflict = Assert.Single(result.Problems);
        Assert.Equal((2, "vas_1m"), (conflict.Row, conflict.Column));
        Assert.Contains("conflict", conflict.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, result.Imported);

        await using var db = registry.NewContext();
        Assert.Equal(62, await db.Patients.CountAsync());
        Assert.False(await db.Patients.AnyAsync(p => p.StudyId == "COHORT-NEW-001"));
        var storedVas = await db.Assessments
            .Where(a => a.Visit!.Patient!.StudyId == "COHORT-DEMO-001" && a.Visit.Code == VisitCode.Month1)
            .Select(a => a.Vas).SingleAsync();
        Assert.Equal(3.3m, storedVas);
    }

    private static string IdentifiedCsv() =>
        new StudyCsvText(extraColumns: ["vas_3m_date", "mrn", "name", "birth_date", "death_cause"])
            .Row("ID-001", ("age", "95"), ("birth_date", "1920-06-15"), ("mrn", "H100095"), ("name", "Ada Elder"),
                 ("vital_status", "dead"), ("status_date", "2016-09-01"), ("death_cause", "pneumonia"),
                 ("vas_3m_date", "2016-06-10"), ("vas_12m", ""), ("kps_12m", ""))
            .Row("ID-002", ("mrn", "H100002"), ("name", "O'Neil, Bea"), ("procedure_date", "2016-05-20"), ("status_date", "2018-01-02"),
                 ("vas_3m_date", "2016-08-25"))
            .ToString();

    [Fact]
    public async Task Identified_columns_are_imported_onto_the_patient_and_its_assessments()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var result = await registry.ImportAsync(IdentifiedCsv());
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));

        await using var db = registry.NewContext();
        var p = await db.Patients.Include(x => x.Visits).ThenInclude(v => v.Assessments).SingleAsync(x => x.StudyId == "ID-001");
        Assert.Equal("H100095", p.Mrn);
        Assert.Equal("Ada Elder", p.Name);
        Assert.Equal(new DateOnly(1920, 6, 15), p.BirthDate);
        Assert.Equal("pneumonia", p.DeathCause);
        Assert.Equal(VitalStatus.Dead, p.VitalStatus);
        Assert.Equal(new DateOnly(2016, 9, 1), p.ExitDate);
        Assert.Equal(95, p.AgeAtProcedure);
        // vas_3m_date sets the 3m assessment's date; without a date column the target is used (1m: 2016-03-01 + 30).
        Assert.Equal(new DateOnly(2016, 6, 10), p.Visits.Single(v => v.Code == VisitCode.Month3).Assessments.Single().AssessmentDate);
        Assert.Equal(new DateOnly(2016, 3, 31), p.Visits.Single(v => v.Code == VisitCode.Month1).Assessments.Single().AssessmentDate);
        Assert.Empty(p.Visits.Single(v => v.Code == VisitCode.Month12).Assessments);

        var q = await db.Patients.SingleAsync(x => x.StudyId == "ID-002");
        Assert.Equal("O'Neil, Bea", q.Name);
        Assert.Null(q.DeathCause);
    }

    [Fact]
    public async Task Identified_columns_come_back_in_the_identified_export()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await registry.ImportAsync(IdentifiedCsv());

        var input = CsvTable.Parse(IdentifiedCsv());
        var export = CsvTable.Parse(await registry.ExportAsync(deidentified: false));

        foreach (var column in new[] { "mrn", "name", "birth_date", "death_cause", "vas_3m_date" }) Assert.Contains(column, export.Columns);
        Assert.Equal(input.Rows.Count, export.Rows.Count);
        foreach (var row in input.Rows)
        {
            var exported = export.Rows.Single(r => r["study_id"] == row["study_id"]);
            foreach (var column in input.Columns) Assert.True(row[column] == exported[column], $"{row["study_id"]} {column}: '{row[column]}' exported as '{exported[column]}'");
        }

        // And the identified export imports back into an empty registry unchanged.
        await using var other = await TestRegistry.CreateAsync();
        var text = await registry.ExportAsync(deidentified: false);
        var again = await other.ImportAsync(text);
        Assert.True(again.Succeeded, string.Join("\n", again.Problems));
        Assert.Equal(text, await other.ExportAsync(deidentified: false));
    }
}
