using System.Globalization;
using System.Reflection;
using PvpRegistry.Core;

namespace PvpRegistry.Reports.Study;

/// <summary>How the title page states a <see cref="CohortFilter"/>.</summary>
public static class CohortFilterText
{
    /// <summary>One line per active filter.</summary>
    public static IReadOnlyList<string> Describe(this CohortFilter filter)
    {
        var lines = new List<string>();
        if (filter.HasDateRange)
            lines.Add($"Enrolment date {Date(filter.EnrolledFrom) ?? "any"} to {Date(filter.EnrolledTo) ?? "any"}");
        if (filter.Group is { } g) lines.Add($"Treatment group: {Formats.Group(g)}");
        if (filter.Tumor is { } t) lines.Add($"Primary tumour: {Formats.Capitalise(t.Code())}");
        if (filter.Site is { } s) lines.Add($"Metastatic site: {Formats.Capitalise(s.Code())}");
        return lines;
    }

    private static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>What the title page says about the data: where it came from, when, and its fingerprint.</summary>
/// <param name="Source">e.g. "Registry database" or the CSV file name.</param>
/// <param name="AsOfUtc">When the data were read.</param>
/// <param name="Fingerprint">SHA-256 (hex) of the analysed rows in canonical study-CSV form.</param>
/// <param name="SyntheticDemo">The data are the synthetic demo cohort: every page says so.</param>
/// <param name="OpenQueries">Data queries still open in the registry (null for a CSV, which has none).</param>
public sealed record StudyReportInfo(
    string Source,
    DateTimeOffset AsOfUtc,
    string Fingerprint,
    CohortFilter Filter,
    bool SyntheticDemo = false,
    string Title = StudyReportInfo.DefaultTitle,
    int? OpenQueries = null)
{
    public const string DefaultTitle = "Percutaneous vertebroplasty with and without ¹²⁵I seed implantation for lumbosacral bone metastases";

    /// <summary>The software version printed on every report (the assembly's informational version).</summary>
    public static string SoftwareVersion { get; } =
        typeof(StudyReportInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(StudyReportInfo).Assembly.GetName().Version?.ToString() ?? "unknown";
}

/// <summary>How far a report is (0 to 1) and what it is doing.</summary>
public sealed record ReportProgress(double Fraction, string Stage);

