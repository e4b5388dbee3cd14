using System.Text.Json;
using PvpRegistry.Cli.Analysis;
using PvpRegistry.Core;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Reports.Study;

namespace PvpRegistry.Reports.Tests;

/// <summary>The demo cohort's study report, made once, with `pvp study`'s JSON of the same file.</summary>
public sealed class DemoReport
{
    public static string CsvPath => Path.Combine(AppContext.BaseDirectory, "TestData", "cohort-demo.csv");

    public IReadOnlyList<StudyRecord> Records { get; }
    public byte[] Pdf { get; }
    public PdfText Text { get; }
    public JsonElement Study { get; }

    public DemoReport()
    {
        Records = StudyCommand.ReadCohort(CsvPath);
        var info = new StudyReportInfo("Study CSV file cohort-demo.csv", new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero),
            StudyCsvFingerprint.Compute(Records), CohortFilter.None, SyntheticDemo: true);
        Pdf = StudyReport.Generate(Records, info);
        Text = new PdfText(Pdf);

        using var stdout = new MemoryStream();
        var stderr = new StringWriter();
        int exit = StudyCommand.Run(["--input", CsvPath], stdout, stderr);
        Assert.True(exit == 0, stderr.ToString());
        Study = JsonDocument.Parse(stdout.ToArray()).RootElement.Clone();
    }
}
