using System.Reflection;
using PvpRegistry.Core;
using PvpRegistry.Reports.Localization;

namespace PvpRegistry.Reports.Study;

/// <summary>How the title page states a <see cref="CohortFilter"/>.</summary>
public static class CohortFilterText
{
    /// <summary>One line per active filter, in the report's language (English by default).</summary>
    public static IReadOnlyList<string> Describe(this CohortFilter filter, ReportText? text = null)
    {
        var t = text ?? ReportText.English;
        var lines = new List<string>();
        if (filter.HasDateRange)
            lines.Add(t.Format("Filter_Enrolment", Date(filter.EnrolledFrom) ?? t["Filter_Any"], Date(filter.EnrolledTo) ?? t["Filter_Any"]));
        if (filter.Group is { } g) lines.Add(t.Format("Filter_Group", t.Group(g)));
        if (filter.Tumor is { } tumor) lines.Add(t.Format("Filter_Tumor", t.Tumor(tumor)));
        if (filter.Site is { } s) lines.Add(t.Format("Filter_Site", t.Site(s)));
        return lines;
    }

    private static string? Date(DateOnly? d) => d is null ? null : Formats.Date(d);
}

/// <summary>What the title page says about the data: where it came from, when, and its fingerprint.</summary>
/// <param name="Source">Where the data came from, in the report's language (ReportText's <c>Source_*</c> texts).</param>
/// <param name="AsOfUtc">When the data were read.</param>
/// <param name="Fingerprint">SHA-256 (hex) of the analysed rows in canonical study-CSV form.</param>
/// <param name="SyntheticDemo">The data are the synthetic demo cohort: every page says so.</param>
/// <param name="OpenQueries">Data queries still open in the registry (null for a CSV, which has none).</param>
/// <param name="Language">The language of the report's words (English when null); numbers and dates read the same in all.</param>
/// <param name="AsOfDay">
/// The day the data were read in the registry's time zone (RegistryTime), on which the visit statuses of the completeness
/// figure are judged, as the dashboards judge them on the registry's today; the UTC day of <paramref name="AsOfUtc"/>
/// when null.
/// </param>
public sealed record StudyReportInfo(
    string Source,
    DateTimeOffset AsOfUtc,
    string Fingerprint,
    CohortFilter Filter,
    bool SyntheticDemo = false,
    string Title = StudyReportInfo.DefaultTitle,
    int? OpenQueries = null,
    ReportText? Language = null,
    DateOnly? AsOfDay = null)
{
    /// <summary>The day the visit statuses are judged on: <see cref="AsOfDay"/>, else the UTC day of <see cref="AsOfUtc"/>.</summary>
    public DateOnly Day => AsOfDay ?? DateOnly.FromDateTime(AsOfUtc.UtcDateTime);

    /// <summary>The report's language.</summary>
    public ReportText Text => Language ?? ReportText.English;

    /// <summary>The title in the report's language: the study's own title translated, any other title as given.</summary>
    public string LocalTitle => Title == DefaultTitle ? Text["Study_DefaultTitle"] : Title;

    public const string DefaultTitle = "Percutaneous vertebroplasty with and without ¹²⁵I seed implantation for lumbosacral bone metastases";

    /// <summary>The software version printed on every report (the assembly's informational version).</summary>
    public static string SoftwareVersion { get; } =
        typeof(StudyReportInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(StudyReportInfo).Assembly.GetName().Version?.ToString() ?? "unknown";
}

/// <summary>How far a report is (0 to 1) and what it is doing.</summary>
public sealed record ReportProgress(double Fraction, string Stage);

