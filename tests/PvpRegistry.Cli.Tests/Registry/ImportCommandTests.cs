using System.Text;
using PvpRegistry.Cli.Tests.Infrastructure;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Cli.Tests.Registry;

/// <summary>`pvp import` as a process: a refused file is a few plain lines on stderr and exit code 1, never a stack trace.</summary>
public class ImportCommandTests
{
    private static async Task<PvpProcess.Result> ImportAsync(TestRegistry registry, byte[] file)
    {
        var path = Path.Combine(registry.Folder, "import.csv");
        await File.WriteAllBytesAsync(path, file);
        return await PvpProcess.RunAsync(registry, "import", path);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task A_procedure_date_of_9999_12_31_is_one_clear_line_and_exit_code_1()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var csv = new StudyCsvText().Row("Y-1").Row("Y-2", ("procedure_date", "9999-12-31")).ToString();

        var result = await ImportAsync(registry, Encoding.UTF8.GetBytes(csv));

        Assert.Equal(1, result.ExitCode);
        var lines = Lines(result.StdErr);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("was not imported; nothing was changed. 1 problem(s):", lines[0]);
        Assert.Equal("row 3, column procedure_date: 9999-12-31 is outside the dates the registry accepts (1900-01-01 to 2199-12-31).", lines[1]);
        Assert.Equal(0, (await registry.CountRowsAsync()).Patients);
    }

    [Fact]
    public async Task A_latin1_file_is_refused_with_its_row_and_column()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var csv = new StudyCsvText(extraColumns: ["name"]).Row("L-1", ("name", "Jan M\u00fcller")).ToString();

        var result = await ImportAsync(registry, Encoding.Latin1.GetBytes(csv));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("row 2, column name: byte 0xFC is not UTF-8 (Latin-1 or Windows-1252 text?). Save the file as UTF-8 and run again.", Lines(result.StdErr)[1]);
        Assert.Equal(2, Lines(result.StdErr).Length);
    }

    [Fact]
    public async Task A_semicolon_separated_file_is_one_line_asking_for_commas()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var csv = new StudyCsvText().Row("S-1").ToString().Replace(',', ';');

        var result = await ImportAsync(registry, Encoding.UTF8.GetBytes(csv));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["row 1, column -: the file uses ';' as separator; save it as comma-separated (CSV UTF-8)."], Lines(result.StdErr).Skip(1));
    }
}
