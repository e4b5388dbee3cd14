using System.Globalization;
using PvpRegistry.Reports.Localization;

namespace PvpRegistry.Web.Features.Dashboards;

/// <summary>
/// The texts of the dashboards (DashboardText.resx, one file per language). The statistical words they share with the
/// study report (table heads, factor and level names, figure labels, footnotes) come from the report's own
/// <see cref="ReportText"/>, so a panel and the PDF say the same thing in the same words.
/// </summary>
public sealed class DashboardText
{
    /// <summary>The report's texts in the user's language (the current UI culture).</summary>
    public static ReportText Report => ReportText.For(CultureInfo.CurrentUICulture);
}
