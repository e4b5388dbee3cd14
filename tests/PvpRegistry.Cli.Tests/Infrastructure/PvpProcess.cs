using System.Diagnostics;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Cli.Tests.Infrastructure;

/// <summary>Runs the built `pvp` tool (pvp.dll beside the test assembly) as a separate process against a test registry.</summary>
public static class PvpProcess
{
    public record Result(int ExitCode, string StdOut, string StdErr);

    public static Task<Result> RunAsync(TestRegistry registry, params string[] args) => RunAsync(registry, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="RunAsync(TestRegistry, string[])"/>, with configuration given as environment variables (e.g. FollowUp__CloseAsMissedAfterDays).</summary>
    public static async Task<Result> RunAsync(TestRegistry registry, IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var pvp = Path.Combine(AppContext.BaseDirectory, "pvp.dll");
        Assert.True(File.Exists(pvp), $"pvp.dll is not beside the test assembly in {AppContext.BaseDirectory}");
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = registry.Folder,
        };
        start.ArgumentList.Add(pvp);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ConnectionStrings__Registry"] = registry.ConnectionString;
        start.Environment["Database__Provider"] = registry.Provider.ToString();
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pvp {string.Join(' ', args)} did not finish in 2 minutes.");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
