using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Data.StudyCsv;

namespace PvpRegistry.Cli.Analysis;

/// <summary>
/// <c>pvp study --input cohort.csv</c>: the whole study analysis of a study CSV, as JSON in the shape of
/// cohort-demo.json. The file is validated with the import rules; an invalid file prints its first problem
/// (<c>row N, column C: ...</c>) and how many there are, and exits non-zero.
/// </summary>
public static class StudyCommand
{
    public static int Run(string[] args) => Run(args, Console.OpenStandardOutput(), Console.Error);

    public static int Run(string[] args, Stream stdout, TextWriter stderr) => CommandRunner.Run("study", stderr, () =>
    {
        var cl = CommandLine.Parse(args, "input");
        var path = cl.Required("input");
        var records = ReadCohort(path);
        var result = StudyAnalysis.Run(records);
        using var w = AnalysisJson.Writer(stdout);
        StudyJson.Write(w, result);
        w.Flush();
        stdout.WriteByte((byte)'\n');
        stdout.Flush();
        return 0;
    });

    /// <summary>The patients of a valid study CSV, in file order.</summary>
    public static IReadOnlyList<StudyRecord> ReadCohort(string path)
    {
        if (!File.Exists(path)) throw new AnalysisInputException($"Input file '{path}' does not exist.");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var text = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var (rows, problems) = StudyCsvFormat.Read(text, FollowUpSchedule.Default);
        if (problems.Count > 0)
        {
            var more = problems.Count == 1 ? "" : $" ({problems.Count} problems in all)";
            throw new AnalysisInputException($"'{path}' is not a valid study CSV: {problems[0]}{more}");
        }
        return rows.Select(r => r.Record).ToArray();
    }
}
