using System.Text;
using PvpRegistry.Core;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.StudyCsv;

/// <summary>
/// Files a spreadsheet or a careless export produces (Latin-1 bytes, ';' separators, a huge cell, control characters
/// in an ID, a far-off date): each is refused with one line naming its row and column, and nothing is imported.
/// </summary>
public class StudyCsvFileProblemTests
{
    private static async Task<ImportResult> ImportBytesAsync(TestRegistry registry, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return await registry.Get<StudyCsvImporter>().ImportAsync(stream, "test-importer");
    }

    private static async Task AssertNothingImportedAsync(TestRegistry registry, ImportResult result)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(0, result.Imported);
        Assert.Equal(new RowCounts(0, 0, 0, 0, 0, 0), await registry.CountRowsAsync());
    }

    [Fact]
    public async Task A_latin1_name_is_refused_with_its_row_and_column_never_stored_as_a_replacement_character()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var text = new StudyCsvText(extraColumns: ["name"]).Row("L-1", ("name", "Anna Berg")).Row("L-2", ("name", "Jan M\u00fcller")).ToString();

        var result = await ImportBytesAsync(registry, Encoding.Latin1.GetBytes(text));

        await AssertNothingImportedAsync(registry, result);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("row 3, column name: byte 0xFC is not UTF-8 (Latin-1 or Windows-1252 text?). Save the file as UTF-8 and run again.", problem.ToString());
        // The same name in UTF-8 is imported as written.
        var utf8 = await ImportBytesAsync(registry, Encoding.UTF8.GetBytes(text));
        Assert.True(utf8.Succeeded, string.Join("\n", utf8.Problems));
        Assert.Contains("\"Jan M\u00fcller\"", await registry.ExportAsync(deidentified: false));
    }

    [Fact]
    public async Task A_semicolon_separated_file_is_one_line_asking_for_commas()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var commas = new StudyCsvText().Row("S-1").Row("S-2", ("cement_ml", "4.5")).ToString();
        var semicolons = string.Join('\n', commas.Split('\n').Select(l => l.Replace(',', ';').Replace("4.5", "4,5")));

        var result = await registry.ImportAsync(semicolons);

        await AssertNothingImportedAsync(registry, result);
        Assert.Equal("row 1, column -: the file uses ';' as separator; save it as comma-separated (CSV UTF-8).", Assert.Single(result.Problems).ToString());
    }

    [Fact]
    public async Task A_100000_character_cell_is_blamed_on_its_own_row_and_column()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var text = new StudyCsvText(extraColumns: ["name"]).Row("B-1", ("name", new string('x', 100_000))).Row("B-2").ToString();

        var result = await registry.ImportAsync(text);

        await AssertNothingImportedAsync(registry, result);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((2, "name"), (problem.Row, problem.Column));
        Assert.Equal($"at most {ClinicalLimits.NameMaxLength} characters (got 100,000).", problem.Message);
    }

    [Fact]
    public async Task A_line_longer_than_the_reader_takes_is_blamed_on_its_row()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var text = new StudyCsvText(extraColumns: ["name"]).Row("B-1").Row("B-2", ("name", new string('x', StudyCsvFormat.MaxLineLength + 10))).ToString();

        var result = await registry.ImportAsync(text);

        await AssertNothingImportedAsync(registry, result);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(3, problem.Row);
        Assert.Contains("the line is longer than", problem.Message);
    }

    [Theory]
    [InlineData("study_id", "ID\u00001", "U+0000")]
    [InlineData("study_id", "ID\n1", "U+000A")]
    [InlineData("study_id", "ID\r1", "U+000D")]
    [InlineData("mrn", "H\t12", "U+0009")]
    [InlineData("name", "Anna\u001bBerg", "U+001B")]
    public async Task Control_characters_in_an_identifier_are_refused(string column, string value, string named)
    {
        await using var registry = await TestRegistry.CreateAsync();
        var text = new StudyCsvText(extraColumns: ["mrn", "name"]).Row("C-1", ("mrn", "H1"), ("name", "Anna Berg")).Row("C-2", (column, value)).ToString();

        var result = await registry.ImportAsync(text);

        await AssertNothingImportedAsync(registry, result);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((3, column), (problem.Row, problem.Column));
        Assert.Equal($"contains the control character {named}; only printable text is accepted.", problem.Message);
    }

    [Theory]
    [InlineData("procedure_date", "9999-12-31")]
    [InlineData("procedure_date", "0001-01-01")]
    [InlineData("status_date", "9999-12-31")]
    [InlineData("vas_1m_date", "9999-12-31")]
    [InlineData("birth_date", "1800-05-01")]
    public async Task A_date_outside_the_registry_range_is_one_problem_on_its_row_and_column(string column, string value)
    {
        await using var registry = await TestRegistry.CreateAsync();
        var text = new StudyCsvText(extraColumns: ["birth_date", "vas_1m_date"]).Row("D-1", (column, value)).ToString();

        var result = await registry.ImportAsync(text);

        await AssertNothingImportedAsync(registry, result);
        var problem = Assert.Single(result.Problems);
        Assert.Equal($"row 2, column {column}: {value} is outside the dates the registry accepts (1900-01-01 to 2199-12-31).", problem.ToString());
    }
}
