using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Reports.Localization;
using PvpRegistry.Reports.Study;

namespace PvpRegistry.Reports.Tests;

/// <summary>The demo cohort's study report, made once, with the study analysis of the same file (what `pvp study` prints).</summary>
public class DemoReport
{
    public static string CsvPath => Path.Combine(AppContext.BaseDirectory, "TestData", "cohort-demo.csv");

    public IReadOnlyList<StudyRecord> Records { get; }
    public byte[] Pdf { get; }
    public PdfText Text { get; }
    public StudyResult Study { get; }

    public DemoReport() : this(ReportText.English) { }

    protected DemoReport(ReportText language)
    {
        Records = ReadCohort();
        var info = new StudyReportInfo("Study CSV file cohort-demo.csv", new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero),
            StudyCsvFingerprint.Compute(Records), CohortFilter.None, SyntheticDemo: true, Language: language);
        Pdf = StudyReport.Generate(Records, info);
        Text = new PdfText(Pdf);
        Study = StudyAnalysis.Run(Records);
    }

    /// <summary>The patients of the demo study CSV, in file order (it is valid under the import rules).</summary>
    public static IReadOnlyList<StudyRecord> ReadCohort()
    {
        using var text = new StreamReader(CsvPath);
        var (rows, problems) = StudyCsvFormat.Read(text, FollowUpSchedule.Default);
        Assert.Empty(problems);
        return rows.Select(r => r.Record).ToArray();
    }
}

/// <summary>The demo cohort's study report in Chinese, made once.</summary>
public sealed class ChineseDemoReport() : DemoReport(ReportText.Chinese);
