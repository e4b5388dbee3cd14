using System.CommandLine;
using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Cli.Analysis;

/// <summary><c>pvp cox --input F --time C --event C --covariates A,B [--ties efron|breslow] [--select forward-lr|backward-wald]</c></summary>
public static class CoxCommand
{
    public static Command Create()
    {
        var input = AnalysisOptions.Input();
        var time = AnalysisOptions.Time();
        var died = AnalysisOptions.Event();
        var covariates = CliOptions.Columns("--covariates", "numeric covariate columns", minimum: 1);
        var ties = CliOptions.Choice("--ties", "handling of tied event times", "efron", "efron", "breslow");
        var select = new Option<string>("--select") { Description = "stepwise selection (as SPSS COXREG)", HelpName = "forward-lr|backward-wald" }.AcceptOnlyFromAmong("forward-lr", "backward-wald");
        var command = new Command("cox", "Cox proportional-hazards regression (R's coxph), JSON on stdout.") { input, time, died, covariates, ties, select };
        command.SetAction(r =>
        {
            var tieMethod = r.GetValue(ties) == "breslow" ? CoxTies.Breslow : CoxTies.Efron;
            CoxSelection? selection = r.GetValue(select) switch
            {
                "forward-lr" => CoxSelection.ForwardLikelihoodRatio,
                "backward-wald" => CoxSelection.BackwardWald,
                _ => null,
            };
            string timeCol = r.GetRequiredValue(time), eventCol = r.GetRequiredValue(died);
            var names = r.GetRequiredValue(covariates);
            var data = AnalysisCsv.Read(r.GetRequiredValue(input).FullName, [timeCol, eventCol, .. names]);
            if (data.Rows == 0) throw new InvalidDataException("No complete rows to analyse.");
            var times = data.Numeric(timeCol);
            var (events, coding) = data.Events(eventCol);
            var cases = AnalysisJson.CaseProcessing(data, "pvp cox", r.InvocationConfiguration.Error);
            var columns = names.Select(data.Numeric).ToArray();

            CoxFit fit;
            CoxStepwiseResult? stepwise = null;
            if (selection is { } s)
            {
                stepwise = Cox.Stepwise(times, events, columns, names, s, tieMethod);
                fit = stepwise.Model;
            }
            else fit = Cox.Fit(times, events, columns, names, tieMethod);
            foreach (var warning in fit.Warnings) r.InvocationConfiguration.Error.WriteLine($"pvp cox: warning: {warning}");
            AnalysisJson.Print(r.InvocationConfiguration.Output, CoxJson.From(fit, stepwise) with { EventCoding = coding, CaseProcessing = cases }, AnalysisJsonContext.Default.CoxJson);
            return 0;
        });
        return command;
    }
}
