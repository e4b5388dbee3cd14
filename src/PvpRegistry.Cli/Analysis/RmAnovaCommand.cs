using System.CommandLine;
using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Cli.Analysis;

/// <summary>
/// <c>pvp rmanova --input F --group C --measures A,B,C</c>: repeated-measures ANOVA (one within factor, the
/// measures in time order; one between factor, the group) on the complete rows, as obk.json <c>rmanova</c>.
/// </summary>
public static class RmAnovaCommand
{
    public static Command Create()
    {
        var input = AnalysisOptions.Input();
        var group = CliOptions.Column("--group", "column of the groups (the between factor)");
        var measures = CliOptions.Columns("--measures", "the repeated measures in time order", minimum: 2);
        var command = new Command("rmanova", "Repeated-measures ANOVA (Type III, Greenhouse-Geisser and Huynh-Feldt by Lecoutre's correction, as R, and by the 1976 formula, as SPSS), JSON on stdout.") { input, group, measures };
        command.SetAction(r =>
        {
            var names = r.GetRequiredValue(measures);
            var data = AnalysisCsv.Read(r.GetRequiredValue(input).FullName, names, r.GetRequiredValue(group));
            if (data.Rows == 0) throw new InvalidDataException("No complete rows to analyse.");
            var cases = AnalysisJson.CaseProcessing(data, "pvp rmanova", r.InvocationConfiguration.Error);
            var groups = data.Groups!;
            var labels = groups.Codes.Select(c => (string?)groups.Names[c]).ToArray();
            var columns = names.Select(data.Numeric).ToArray();
            var rows = new IReadOnlyList<double?>[data.Rows];
            for (int i = 0; i < rows.Length; i++)
            {
                var row = new double?[columns.Length];
                for (int j = 0; j < columns.Length; j++) row[j] = columns[j][i];
                rows[i] = row;
            }
            var result = RepeatedMeasuresAnova.Fit(labels, rows);
            // Rows dropped for a missing value are excluded too; report them with the fit's own exclusions.
            result = result with { Excluded = result.Excluded + data.Dropped };
            foreach (var warning in result.Warnings) r.InvocationConfiguration.Error.WriteLine($"pvp rmanova: warning: {warning}");
            AnalysisJson.Print(r.InvocationConfiguration.Output, RmAnovaJson.From(result)! with { CaseProcessing = cases }, AnalysisJsonContext.Default.RmAnovaJson);
            return 0;
        });
        return command;
    }
}
