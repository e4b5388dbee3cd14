using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Reports.Localization;
using PvpRegistry.Reports.Study;

namespace PvpRegistry.Reports.Tests;

/// <summary>
/// The study report of four copies of the demo cohort (248 patients, new study IDs): the same shape with larger
/// test statistics (chi-square above 10, p below 0.001), so values have more digits than the demo's. Made once.
/// </summary>
public class LargeReport
{
    public IReadOnlyList<StudyRecord> Records { get; }
    public byte[] Pdf { get; }
    public PdfText Text { get; }
    public StudyResult Study { get; }

    public LargeReport() : this(ReportText.English) { }

    protected LargeReport(ReportText language)
    {
        var demo = DemoReport.ReadCohort();
        Records = Enumerable.Range(1, 4).SelectMany(copy => demo.Select(r => r with { StudyId = $"{r.StudyId}-{copy}" })).ToArray();
        var info = new StudyReportInfo("Four copies of cohort-demo.csv", new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero),
            StudyCsvFingerprint.Compute(Records), CohortFilter.None, SyntheticDemo: true, Language: language);
        Pdf = StudyReport.Generate(Records, info);
        Text = new PdfText(Pdf);
        Study = StudyAnalysis.Run(Records);
    }
}

/// <summary>The 248-patient study report in Chinese, made once.</summary>
public sealed class ChineseLargeReport() : LargeReport(ReportText.Chinese);
