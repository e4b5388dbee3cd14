using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Cli.Analysis;

/// <summary><c>pvp km --input F --time C --event C [--group C] [--at 6,12,36] [--conf-type log|log-log|plain] [--conf-level 0.95]</c></summary>
public static class KmCommand
{
    public static int Run(string[] args) => Run(args, Console.OpenStandardOutput(), Console.Error);

    public static int Run(string[] args, Stream stdout, TextWriter stderr) => CommandRunner.Run("km", stderr, () =>
    {
        var cl = CommandLine.Parse(args, "input", "time", "event", "group", "at", "conf-type", "conf-level");
        var type = (cl.Optional("conf-type") ?? "log") switch
        {
            "log" => ConfidenceType.Log,
            "log-log" => ConfidenceType.LogLog,
            "plain" => ConfidenceType.Plain,
            var other => throw new AnalysisInputException($"--conf-type must be log, log-log or plain, not '{other}'."),
        };
        double level = cl.Number("conf-level", 0.95);
        if (!(level > 0 && level < 1)) throw new AnalysisInputException("--conf-level must be between 0 and 1.");
        var at = cl.Numbers("at");
        string timeCol = cl.Required("time"), eventCol = cl.Required("event"), groupCol = cl.Optional("group") ?? "";
        var data = AnalysisCsv.Read(cl.Required("input"), [timeCol, eventCol], groupCol.Length > 0 ? groupCol : null);
        if (data.Rows == 0) throw new AnalysisInputException("No complete rows to analyse.");
        var time = data.Numeric(timeCol);
        var died = data.Events(eventCol);
        if (Array.IndexOf(died, true) < 0) throw new AnalysisInputException("There are no events; there is no survival curve to estimate.");
        IReadOnlyList<SurvivalCurve> curves = data.Groups is { } g
            ? KaplanMeier.FitByGroup(time, died, g, type, level)
            : [KaplanMeier.Fit(time, died, "all", type, level)];
        using var w = AnalysisJson.Writer(stdout);
        AnalysisJson.WriteKaplanMeier(w, curves, type, level, at);
        w.Flush();
        stdout.WriteByte((byte)'\n');
        stdout.Flush();
        return 0;
    });
}
