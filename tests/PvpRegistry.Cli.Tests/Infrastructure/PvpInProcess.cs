using System.Text.Json;

namespace PvpRegistry.Cli.Tests.Infrastructure;

/// <summary>Runs `pvp` in this process with its output captured; the JSON on stdout parsed when it exits 0.</summary>
public static class PvpInProcess
{
    public record Result(int Code, string StdOut, string StdErr)
    {
        public JsonElement? Json => Code == 0 ? JsonDocument.Parse(StdOut).RootElement.Clone() : null;

        /// <summary>The single line on stderr (fails if there are more).</summary>
        public string ErrorLine => Assert.Single(StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Pvp.RunAsync(args, stdout, stderr).GetAwaiter().GetResult();
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
