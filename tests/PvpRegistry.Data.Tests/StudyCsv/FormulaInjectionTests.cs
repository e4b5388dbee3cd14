using Microsoft.EntityFrameworkCore;
using PvpRegistry.Data.Csv;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.StudyCsv;

/// <summary>
/// A text cell that a spreadsheet would run as a formula is exported with a leading apostrophe; numbers stay numbers;
/// the import reads the apostrophe as the guard it is, so names come back exactly.
/// </summary>
public class FormulaInjectionTests
{
    private const string Attack = "=cmd|' /C calc'!A0";

    private static string Cohort() =>
        new StudyCsvText(extraColumns: ["mrn", "name", "death_cause"])
            .Row("INJ-1", ("name", Attack), ("mrn", "@H1"), ("vital_status", "dead"), ("death_cause", "+SUM(A1:A9)"), ("cement_ml", "4.25"), ("vas_preop", "7.5"))
            .Row("INJ-2", ("name", "Bo Tester"), ("mrn", "-42"), ("cement_ml", "6"))
            .Row("INJ-3", ("name", "O'Brien"), ("mrn", "'H3"), ("cement_ml", "3.1"))
            .ToString();

    /// <summary>The cohort imported, and one name edited in the registry to start with an apostrophe and an equals sign.</summary>
    private static async Task<TestRegistry> RegistryAsync()
    {
        var registry = await TestRegistry.CreateAsync();
        var import = await registry.ImportAsync(Cohort());
        Assert.True(import.Succeeded, string.Join("\n", import.Problems));
        await using var db = registry.NewContext();
        db.Actor = "nurse.a";
        (await db.Patients.SingleAsync(p => p.StudyId == "INJ-2")).Name = "'=already guarded";
        await db.SaveChangesAsync();
        return registry;
    }

    [Fact]
    public async Task A_patient_named_like_a_formula_is_exported_with_a_leading_apostrophe_and_numbers_stay_bare()
    {
        await using var registry = await RegistryAsync();

        var text = await registry.ExportAsync(deidentified: false);
        var export = CsvTable.Parse(text).Rows.ToDictionary(r => r["study_id"]);

        Assert.Contains("\"'=cmd|' /C calc'!A0\"", text);
        Assert.Equal("'" + Attack, export["INJ-1"]["name"]);
        Assert.Equal("'@H1", export["INJ-1"]["mrn"]);
        Assert.Equal("'+SUM(A1:A9)", export["INJ-1"]["death_cause"]);
        Assert.Equal("''=already guarded", export["INJ-2"]["name"]);
        Assert.Equal("'-42", export["INJ-2"]["mrn"]); // an MRN is text, whatever it looks like
        Assert.Equal("O'Brien", export["INJ-3"]["name"]);
        Assert.Equal("'H3", export["INJ-3"]["mrn"]);
        // The numeric columns are the numbers of the file, bare.
        var source = CsvTable.Parse(Cohort()).Rows.ToDictionary(r => r["study_id"]);
        foreach (var column in new[] { "age", "segments", "cement_ml", "seeds", "vas_preop", "vas_day1", "kps_preop", "kps_12m" })
            foreach (var id in source.Keys)
                Assert.Equal(source[id][column], export[id][column]);
        Assert.StartsWith("\"INJ-1\",\"pvp\",\"male\",64,\"prostate\",\"slow\",\"lumbar\",2,\"no\",\"2016-03-01\",4.25,0,,7.5,3.2,2.5,3,3.4,4,,60,70,80,80,70,70,,\"dead\",",
            text.Split('\n')[1]);
    }

    [Fact]
    public async Task The_export_imports_back_into_a_new_registry_with_the_names_exactly_as_entered()
    {
        await using var first = await RegistryAsync();
        var export = await first.ExportAsync(deidentified: false);

        await using var second = await TestRegistry.CreateAsync();
        var import = await second.ImportAsync(export);

        Assert.True(import.Succeeded, string.Join("\n", import.Problems));
        await using var db = second.NewContext();
        var stored = await db.Patients.OrderBy(p => p.StudyId).Select(p => new { p.Name, p.Mrn, p.DeathCause }).ToListAsync();
        Assert.Equal([Attack, "'=already guarded", "O'Brien"], stored.Select(p => p.Name));
        Assert.Equal(["@H1", "-42", "'H3"], stored.Select(p => p.Mrn));
        Assert.Equal("+SUM(A1:A9)", stored[0].DeathCause);
        Assert.Equal(export, await second.ExportAsync(deidentified: false));
        // Importing the export into the registry it came from finds every patient unchanged.
        var again = await first.ImportAsync(export);
        Assert.True(again.Succeeded, string.Join("\n", again.Problems));
        Assert.Equal(3, again.Unchanged);
    }

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("'=x", "''=x")]
    [InlineData("'x", "'x")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void The_guard_prefixes_formula_text_and_undoing_it_gives_the_text_back(string text, string guarded)
    {
        Assert.Equal(guarded, CsvExport.GuardFormula(text));
        Assert.Equal(text, CsvExport.UnguardFormula(guarded));
    }

    private sealed record Row(string Text, long? Count, decimal? Amount);

    [Fact]
    public void Negative_numbers_are_written_as_bare_numbers_and_text_is_quoted()
    {
        var columns = new[]
        {
            CsvColumn<Row>.Text("text", r => r.Text), CsvColumn<Row>.Integer("count", r => r.Count), CsvColumn<Row>.Number("amount", r => r.Amount),
        };
        using var writer = new StringWriter();

        int rows = CsvExport.Write(writer, columns, [new Row("-3", -3, -2.50m), new Row("a \"b\", c", null, 3.0m), new Row("x", 7, null)]);

        Assert.Equal(3, rows);
        Assert.Equal("\"text\",\"count\",\"amount\"\n\"'-3\",-3,-2.5\n\"a \"\"b\"\", c\",,3\n\"x\",7,\n", writer.ToString());
    }
}
