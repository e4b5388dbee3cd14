using System.Globalization;
using System.Reflection;
using PvpRegistry.Core;

namespace PvpRegistry.Reports.Study;

/// <summary>
/// Which patients a report covers (the dashboards' filters). The enrolment range is on the procedure date,
/// the day a patient enters the analysis (survival starts there).
/// </summary>
public sealed record ReportFilter(
    DateOnly? EnrolledFrom = null,
    DateOnly? EnrolledTo = null,
    TreatmentGroup? Group = null,
    PrimaryTumor? Tumor = null,
    MetastaticSite? Site = null)
{
    public static ReportFilter None { get; } = new();

    public bool IsEmpty => this == None;

    public IReadOnlyList<StudyRecord> Apply(IEnumerable<StudyRecord> records) => records.Where(r =>
        (EnrolledFrom is not { } from || r.ProcedureDate >= from) &&
        (EnrolledTo is not { } to || r.ProcedureDate <= to) &&
        (Group is not { } g || r.Group == g) &&
        (Tumor is not { } t || r.PrimaryTumor == t) &&
        (Site is not { } s || r.MetastaticSite == s)).ToArray();

    /// <summary>One line per active filter, for the title page.</summary>
    public IReadOnlyList<string> Describe()
    {
        var lines = new List<string>();
        if (EnrolledFrom is not null || EnrolledTo is not null)
            lines.Add($"Procedure date {Date(EnrolledFrom) ?? "any"} to {Date(EnrolledTo) ?? "any"}");
        if (Group is { } g) lines.Add($"Treatment group: {Formats.Group(g)}");
        if (Tumor is { } t) lines.Add($"Primary tumour: {Formats.Capitalise(t.Code())}");
        if (Site is { } s) lines.Add($"Metastatic site: {Formats.Capitalise(s.Code())}");
        return lines;
    }

    private static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>What the title page says about the data: where it came from, when, and its fingerprint.</summary>
/// <param name="Source">e.g. "Registry database" or the CSV file name.</param>
/// <param name="AsOfUtc">When the data were read.</param>
/// <param name="Fingerprint">SHA-256 (hex) of the analysed rows in canonical study-CSV form.</param>
/// <param name="SyntheticDemo">The data are the synthetic demo cohort: every page says so.</param>
public sealed record StudyReportInfo(
    string Source,
    DateTimeOffset AsOfUtc,
    string Fingerprint,
    ReportFilter Filter,
    bool SyntheticDemo = false,
    string Title = StudyReportInfo.DefaultTitle)
{
    public const string DefaultTitle = "Percutaneous vertebroplasty with and without ¹²⁵I seed implantation for lumbosacral bone metastases";

    /// <summary>The software version printed on every report (the assembly's informational version).</summary>
    public static string SoftwareVersion { get; } =
        typeof(StudyReportInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(StudyReportInfo).Assembly.GetName().Version?.ToString() ?? "unknown";
}

/// <summary>How far a report is (0 to 1) and what it is doing.</summary>
public sealed record ReportProgress(double Fraction, string Stage);

