using PvpRegistry.Cli;
using PvpRegistry.Cli.Tests.Infrastructure;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Cli.Tests.Registry;

/// <summary>Files the commands write appear whole under their name, or not at all.</summary>
public sealed class OutputFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pvp-output-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_finished_file_replaces_the_old_one_and_leaves_no_partial_file()
    {
        var path = Path.Combine(_folder, "out.csv");
        await File.WriteAllTextAsync(path, "old");
        int written = await OutputFile.WriteAsync(path, async temp =>
        {
            Assert.Equal(path + ".partial", temp);
            Assert.Equal("old", await File.ReadAllTextAsync(path)); // the target is untouched while the file is written
            await File.WriteAllTextAsync(temp, "new");
            return 3;
        });
        Assert.Equal(3, written);
        Assert.Equal("new", await File.ReadAllTextAsync(path));
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public async Task A_failed_write_leaves_the_old_file_and_no_partial_file()
    {
        var path = Path.Combine(_folder, "out.pdf");
        await File.WriteAllTextAsync(path, "old");
        await Assert.ThrowsAsync<InvalidDataException>(() => OutputFile.WriteAsync(path, async temp =>
        {
            await File.WriteAllTextAsync(temp, "half");
            throw new InvalidDataException("failed halfway");
        }));
        Assert.Equal("old", await File.ReadAllTextAsync(path));
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public async Task Without_overwrite_an_existing_file_is_kept_and_the_write_fails()
    {
        var path = Path.Combine(_folder, "backup.db");
        await File.WriteAllTextAsync(path, "old");
        await Assert.ThrowsAsync<IOException>(() => OutputFile.WriteAsync(path, temp => File.WriteAllTextAsync(temp, "new"), overwrite: false));
        Assert.Equal("old", await File.ReadAllTextAsync(path));
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public async Task Pvp_export_writes_the_study_csv_whole()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var csv = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "cohort-demo.csv"));
        Assert.True((await registry.ImportAsync(csv)).Succeeded);
        var output = Path.Combine(registry.Folder, "export.csv");
        var run = await PvpInProcess.RunAsync(registry, "export", "--out", output);
        Assert.True(run.Code == 0, run.StdErr);
        Assert.Equal(csv, await File.ReadAllTextAsync(output));
        Assert.False(File.Exists(output + ".partial"));
    }
}
