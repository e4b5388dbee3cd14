namespace PvpRegistry.Web.Features.Reports;

/// <summary>
/// The texts of the reports page (ReportsText.resx, one file per language). The report's own words (its progress
/// stages, the group and tumour names) come from the report's <c>ReportText</c>, in the same language.
/// </summary>
public sealed class ReportsText;
