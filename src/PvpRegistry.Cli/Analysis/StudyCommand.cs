using System.CommandLine;
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
    public static Command Create()
    {
        var input = CliOptions.ExistingFile("--input", "the study CSV (as exported by pvp export)");
        var command = new Command("study", "The whole study analysis of a study CSV (every table of the paper's plan), JSON on stdout.") { input };
        command.SetAction(r =>
        {
            var result = StudyAnalysis.Run(ReadCohort(r.GetRequiredValue(input).FullName));
            AnalysisJson.Print(r.InvocationConfiguration.Output, StudyJson.From(result), AnalysisJsonContext.Default.StudyJson);
            return 0;
        });
        return command;
    }

    /// <summary>The patients of a valid study CSV, in file order.</summary>
    public static IReadOnlyList<StudyRecord> ReadCohort(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var (rows, problems) = StudyCsvFormat.Read(stream, FollowUpSchedule.Default); // a Latin-1 byte is refused with its line and column
        if (problems.Count > 0)
        {
            var more = problems.Count == 1 ? "" : $" ({problems.Count} problems in all)";
            throw new InvalidDataException($"'{path}' is not a valid study CSV: {problems[0]}{more}");
        }
        return rows.Select(r => r.Record).ToArray();
    }
}
