using System.Text.Json;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Cli.Tests.Infrastructure;

/// <summary>
/// Runs `pvp` in this process with its output captured; the JSON on stdout parsed when it exits 0. Against a test
/// registry, the registry's database is given as configuration settings, as <see cref="PvpProcess"/> gives them as
/// environment variables; <see cref="PvpProcess"/> stays for what only a separate process shows (its exit code and
/// everything it prints when a command fails).
/// </summary>
public static class PvpInProcess
{
    public record Result(int Code, string StdOut, string StdErr)
    {
        public JsonElement? Json => Code == 0 ? JsonDocument.Parse(StdOut).RootElement.Clone() : null;

        /// <summary>The single line on stderr (fails if there are more).</summary>
        public string ErrorLine => Assert.Single(StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public static Result Run(params string[] args) => RunAsync(args, new Dictionary<string, string?>()).GetAwaiter().GetResult();

    public static Task<Result> RunAsync(TestRegistry registry, params string[] args) => RunAsync(registry, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="RunAsync(TestRegistry, string[])"/>, with configuration in environment-variable form (e.g. FollowUp__CloseAsMissedAfterDays).</summary>
    public static Task<Result> RunAsync(TestRegistry registry, IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Registry"] = registry.ConnectionString,
            ["Database:Provider"] = registry.Provider.ToString(),
        };
        foreach (var (key, value) in settings) configuration[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        return RunAsync(args, configuration);
    }

    private static async Task<Result> RunAsync(string[] args, IReadOnlyDictionary<string, string?> settings)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await Pvp.RunAsync(args, stdout, stderr, settings);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
