using System.Globalization;
using MudBlazor;
using PvpRegistry.Core;
using PvpRegistry.Data;

namespace PvpRegistry.Web.Components.Shared;

/// <summary>Display formats of the presentation rules: dates YYYY-MM-DD, labels for codes.</summary>
public static class Format
{
    /// <summary>How dates are shown and typed on every screen.</summary>
    public const string DateFormat = "yyyy-MM-dd";

    public static string Date(DateOnly? d) => d?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? "-";

    /// <summary>The one reading of a typed date: YYYY-MM-DD in the invariant culture, surrounding spaces ignored; anything else is no date.</summary>
    public static bool TryParseDate(string? text, out DateOnly date)
    {
        date = default;
        return !string.IsNullOrWhiteSpace(text)
               && DateOnly.TryParseExact(text.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    public static string Group(TreatmentGroup g) => g == TreatmentGroup.Pvp ? "PVP" : "PVP + 125I";

    public static string Visit(VisitCode v) => FollowUpSchedule.Default[v].Label;

    public static string Tumor(PrimaryTumor t) => t switch
    {
        PrimaryTumor.DuodenalPapillary => "Duodenal papillary",
        _ => t.ToString(),
    };

    public static string Vital(VitalStatus s) => s switch
    {
        VitalStatus.LostToFollowUp => "Lost to follow-up",
        _ => s.ToString(),
    };

    public static string Status(VisitStatus s) => s switch
    {
        VisitStatus.NotExpected => "Not expected",
        _ => s.ToString(),
    };

    public static Color StatusColor(VisitStatus s) => s switch
    {
        VisitStatus.Overdue => Color.Error,
        VisitStatus.Due => Color.Warning,
        VisitStatus.Completed => Color.Success,
        VisitStatus.Missed => Color.Dark,
        _ => Color.Default,
    };

    /// <summary>A stored UTC instant in the registry's time zone (<see cref="RegistryClock.Zone"/>), as YYYY-MM-DD HH:mm.</summary>
    public static string LocalTime(DateTime? utc, TimeZoneInfo zone) =>
        utc is { } t ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(t, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "-";

    public static string Vas(decimal? v) => v?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-";
}
