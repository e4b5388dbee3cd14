using System.CommandLine;
using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Cli.Analysis;

/// <summary><c>pvp km --input F --time C --event C [--group C] [--at 6,12,36] [--conf-type log|log-log|plain] [--conf-level 0.95]</c></summary>
public static class KmCommand
{
    public static Command Create()
    {
        var input = AnalysisOptions.Input();
        var time = AnalysisOptions.Time();
        var died = AnalysisOptions.Event();
        var group = CliOptions.Column("--group", "column of the groups: one curve each (default: one curve, 'all')", required: false);
        var at = CliOptions.Numbers("--at", "times at which to report survival");
        var confType = CliOptions.Choice("--conf-type", "confidence limits on the log, log-log or plain scale", "log", "log", "log-log", "plain");
        var confLevel = CliOptions.Number("--conf-level", "confidence level of the limits", 0.95);
        confLevel.Validators.Add(r =>
        {
            double level = r.GetValueOrDefault<double>();
            if (!(level > 0 && level < 1)) r.AddError("--conf-level must be between 0 and 1.");
        });
        var command = new Command("km", "Kaplan-Meier curves (R's survfit), JSON on stdout.") { input, time, died, group, at, confType, confLevel };
        command.SetAction(r =>
        {
            var type = r.GetValue(confType) switch
            {
                "log-log" => ConfidenceType.LogLog,
                "plain" => ConfidenceType.Plain,
                _ => ConfidenceType.Log,
            };
            double level = r.GetValue(confLevel);
            string timeCol = r.GetRequiredValue(time), eventCol = r.GetRequiredValue(died);
            var groupCol = r.GetValue(group) is { Length: > 0 } g ? g : null;
            var data = AnalysisCsv.Read(r.GetRequiredValue(input).FullName, [timeCol, eventCol], groupCol);
            if (data.Rows == 0) throw new InvalidDataException("No complete rows to analyse.");
            var times = data.Numeric(timeCol);
            var (events, coding) = data.Events(eventCol);
            var cases = AnalysisJson.CaseProcessing(data, "pvp km", r.InvocationConfiguration.Error);
            if (Array.IndexOf(events, true) < 0) throw new InvalidDataException("There are no events; there is no survival curve to estimate.");
            IReadOnlyList<SurvivalCurve> curves = data.Groups is { } levels
                ? KaplanMeier.FitByGroup(times, events, levels, type, level)
                : [KaplanMeier.Fit(times, events, "all", type, level)];
            AnalysisJson.Print(r.InvocationConfiguration.Output, KaplanMeierJson.From(curves, type, level, r.GetRequiredValue(at)) with { EventCoding = coding, CaseProcessing = cases }, AnalysisJsonContext.Default.KaplanMeierJson);
            return 0;
        });
        return command;
    }
}
