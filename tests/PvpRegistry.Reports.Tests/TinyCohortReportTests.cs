using PvpRegistry.Core;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Reports.Study;

namespace PvpRegistry.Reports.Tests;

public sealed class TinyCohortReportTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_report_on_a_tiny_cohort_says_what_could_not_be_computed_and_why_in_words(int patients)
    {
        var records = DemoReport.ReadCohort().Take(patients).ToArray();
        var info = new StudyReportInfo("test", new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero), StudyCsvFingerprint.Compute(records), CohortFilter.None);
        var text = new PdfText(StudyReport.Generate(records, info));
        var all = string.Join("\n", text.AllLines);

        Assert.DoesNotContain("(Parameter", all);
        Assert.DoesNotContain("Exception", all);
        Assert.Contains("Exclusions and tests not computed", text.AllLines);
        Assert.Contains(" not computed: ", all);
        // Every figure keeps its number; one that cannot be drawn says why.
        for (int n = 1; n <= 13; n++) Assert.Contains(text.AllLines, l => l.StartsWith($"Figure {n}. ", StringComparison.Ordinal));
        if (patients < 3) Assert.Contains(text.AllLines, l => l.StartsWith("Not drawn: ", StringComparison.Ordinal));
    }
}
