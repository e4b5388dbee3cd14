using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Cli.Analysis;

/// <summary>
/// <c>pvp rmanova --input F --group C --measures A,B,C</c>: repeated-measures ANOVA (one within factor, the
/// measures in time order; one between factor, the group) on the complete rows, as obk.json <c>rmanova</c>.
/// </summary>
public static class RmAnovaCommand
{
    public static int Run(string[] args) => Run(args, Console.OpenStandardOutput(), Console.Error);

    public static int Run(string[] args, Stream stdout, TextWriter stderr) => CommandRunner.Run("rmanova", stderr, () =>
    {
        var cl = CommandLine.Parse(args, "input", "group", "measures");
        string groupCol = cl.Required("group");
        var measures = cl.List("measures");
        if (measures.Length < 2) throw new AnalysisInputException("--measures needs at least two columns.");
        if (measures.Distinct(StringComparer.Ordinal).Count() != measures.Length) throw new AnalysisInputException("--measures lists a column twice.");
        var data = AnalysisCsv.Read(cl.Required("input"), measures, groupCol);
        if (data.Rows == 0) throw new AnalysisInputException("No complete rows to analyse.");
        var groups = data.Groups!;
        var labels = groups.Codes.Select(c => (string?)groups.Names[c]).ToArray();
        var columns = measures.Select(data.Numeric).ToArray();
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
        foreach (var warning in result.Warnings) stderr.WriteLine($"pvp rmanova: warning: {warning}");
        using var w = AnalysisJson.Writer(stdout);
        StudyJson.WriteRmAnova(w, result);
        w.Flush();
        stdout.WriteByte((byte)'\n');
        stdout.Flush();
        return 0;
    });
}
