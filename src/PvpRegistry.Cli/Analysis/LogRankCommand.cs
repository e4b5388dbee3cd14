using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Cli.Analysis;

/// <summary><c>pvp logrank --input F --time C --event C --group C [--rho R] [--weights log-rank|breslow|tarone-ware]</c></summary>
public static class LogRankCommand
{
    public static int Run(string[] args) => Run(args, Console.OpenStandardOutput(), Console.Error);

    public static int Run(string[] args, Stream stdout, TextWriter stderr) => CommandRunner.Run("logrank", stderr, () =>
    {
        var cl = CommandLine.Parse(args, "input", "time", "event", "group", "rho", "weights");
        double rho = cl.Number("rho", 0);
        var weights = (cl.Optional("weights") ?? "log-rank") switch
        {
            "log-rank" or "fleming-harrington" => LogRankWeights.FlemingHarrington,
            "breslow" => LogRankWeights.Breslow,
            "tarone-ware" => LogRankWeights.TaroneWare,
            var other => throw new AnalysisInputException($"--weights must be log-rank, breslow or tarone-ware, not '{other}'."),
        };
        if (weights != LogRankWeights.FlemingHarrington && rho != 0)
            throw new AnalysisInputException("--rho applies to the log-rank (G-rho) weights only.");
        string timeCol = cl.Required("time"), eventCol = cl.Required("event"), groupCol = cl.Required("group");
        var data = AnalysisCsv.Read(cl.Required("input"), [timeCol, eventCol], groupCol);
        if (data.Rows == 0) throw new AnalysisInputException("No complete rows to analyse.");
        var died = data.Events(eventCol);
        if (Array.IndexOf(died, true) < 0) throw new AnalysisInputException("There are no events; the test cannot be computed.");
        var result = LogRank.Test(data.Numeric(timeCol), died, data.Groups!, weights, rho);
        using var w = AnalysisJson.Writer(stdout);
        AnalysisJson.WriteLogRank(w, result);
        w.Flush();
        stdout.WriteByte((byte)'\n');
        stdout.Flush();
        return 0;
    });
}
