using System.CommandLine;
using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Cli.Analysis;

/// <summary><c>pvp logrank --input F --time C --event C --group C [--rho R] [--weights log-rank|fleming-harrington|breslow|tarone-ware]</c></summary>
public static class LogRankCommand
{
    public static Command Create()
    {
        var input = AnalysisOptions.Input();
        var time = AnalysisOptions.Time();
        var died = AnalysisOptions.Event();
        var group = CliOptions.Column("--group", "column of the groups to compare");
        var rho = CliOptions.Number("--rho", "rho of the G-rho family (0: log-rank, 1: Peto-Peto)", 0);
        var weights = CliOptions.Choice("--weights", "weights of the test", "log-rank", "log-rank", "fleming-harrington", "breslow", "tarone-ware");
        var command = new Command("logrank", "The log-rank test and its weighted variants (R's survdiff), JSON on stdout.") { input, time, died, group, rho, weights };
        command.Validators.Add(r =>
        {
            if (r.GetValue(weights) is "breslow" or "tarone-ware" && r.GetValue(rho) != 0)
                r.AddError("--rho applies to the log-rank (G-rho) weights only.");
        });
        command.SetAction(r =>
        {
            var kind = r.GetValue(weights) switch
            {
                "breslow" => LogRankWeights.Breslow,
                "tarone-ware" => LogRankWeights.TaroneWare,
                _ => LogRankWeights.FlemingHarrington,
            };
            string timeCol = r.GetRequiredValue(time), eventCol = r.GetRequiredValue(died);
            var data = AnalysisCsv.Read(r.GetRequiredValue(input).FullName, [timeCol, eventCol], r.GetRequiredValue(group));
            if (data.Rows == 0) throw new InvalidDataException("No complete rows to analyse.");
            var (events, coding) = data.Events(eventCol);
            var cases = AnalysisJson.CaseProcessing(data, "pvp logrank", r.InvocationConfiguration.Error);
            if (Array.IndexOf(events, true) < 0) throw new InvalidDataException("There are no events; the test cannot be computed.");
            var result = LogRank.Test(data.Numeric(timeCol), events, data.Groups!, kind, r.GetValue(rho));
            AnalysisJson.Print(r.InvocationConfiguration.Output, LogRankJson.From(result) with { EventCoding = coding, CaseProcessing = cases }, AnalysisJsonContext.Default.LogRankJson);
            return 0;
        });
        return command;
    }
}
