using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Cli.Analysis;

/// <summary><c>pvp cox --input F --time C --event C --covariates A,B [--ties efron|breslow] [--select forward-lr|backward-wald]</c></summary>
public static class CoxCommand
{
    public static int Run(string[] args) => Run(args, Console.OpenStandardOutput(), Console.Error);

    public static int Run(string[] args, Stream stdout, TextWriter stderr) => CommandRunner.Run("cox", stderr, () =>
    {
        var cl = CommandLine.Parse(args, "input", "time", "event", "covariates", "ties", "select");
        var ties = (cl.Optional("ties") ?? "efron") switch
        {
            "efron" => CoxTies.Efron,
            "breslow" => CoxTies.Breslow,
            var other => throw new AnalysisInputException($"--ties must be efron or breslow, not '{other}'."),
        };
        CoxSelection? selection = cl.Optional("select") switch
        {
            null => null,
            "forward-lr" => CoxSelection.ForwardLikelihoodRatio,
            "backward-wald" => CoxSelection.BackwardWald,
            var other => throw new AnalysisInputException($"--select must be forward-lr or backward-wald, not '{other}'."),
        };
        string timeCol = cl.Required("time"), eventCol = cl.Required("event");
        var covariates = cl.List("covariates");
        if (covariates.Length == 0) throw new AnalysisInputException("--covariates needs at least one column.");
        if (covariates.Distinct(StringComparer.Ordinal).Count() != covariates.Length) throw new AnalysisInputException("--covariates lists a column twice.");
        var data = AnalysisCsv.Read(cl.Required("input"), [timeCol, eventCol, .. covariates]);
        if (data.Rows == 0) throw new AnalysisInputException("No complete rows to analyse.");
        var time = data.Numeric(timeCol);
        var died = data.Events(eventCol);
        var columns = covariates.Select(data.Numeric).ToArray();

        CoxFit fit;
        CoxStepwiseResult? stepwise = null;
        if (selection is { } s)
        {
            stepwise = Cox.Stepwise(time, died, columns, covariates, s, ties);
            fit = stepwise.Model;
        }
        else fit = Cox.Fit(time, died, columns, covariates, ties);
        foreach (var warning in fit.Warnings) stderr.WriteLine($"pvp cox: warning: {warning}");

        using var w = AnalysisJson.Writer(stdout);
        AnalysisJson.WriteCox(w, fit, stepwise);
        w.Flush();
        stdout.WriteByte((byte)'\n');
        stdout.Flush();
        return 0;
    });
}
