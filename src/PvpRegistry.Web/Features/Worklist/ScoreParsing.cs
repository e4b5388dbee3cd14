using System.Globalization;
using PvpRegistry.Core;

namespace PvpRegistry.Web.Features.Worklist;

/// <summary>
/// Reads what was typed in the entry fields; a wrong entry gets a coded problem for the field (shown in the user's
/// language by <see cref="Components.Shared.RegistryText"/>), the rules then come from Core.
/// </summary>
public static class ScoreParsing
{
    public static (decimal? Value, ValidationProblem? Error) Vas(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        if (!decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v))
            return (null, ValidationProblem.Coded("Vas", "Type VAS as a number from 0.0 to 10.0, e.g. 3.5.", "vas_unreadable"));
        return (v, ClinicalValidation.VasProblem(v));
    }

    public static (int? Value, ValidationProblem? Error) Kps(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var k))
            return (null, ValidationProblem.Coded("Kps", "Type KPS as a whole number from 0 to 100 in steps of 10, e.g. 80.", "kps_unreadable"));
        return (k, ClinicalValidation.KpsProblem(k));
    }

    public const string DateTimeFormat = "yyyy-MM-dd HH:mm";

    /// <summary>A date and time as YYYY-MM-DD HH:MM (24-hour); a time alone (HH:MM) means that time today. <paramref name="what"/> names it in the message.</summary>
    public static (DateTime? Value, ValidationProblem? Error) DateTime(string? text, DateOnly today, string field, string what = "time")
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return (null, ValidationProblem.Coded(field, $"Enter the {what} as YYYY-MM-DD HH:MM.", "time_required", what));
        if (System.DateTime.TryParseExact(t, DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt)) return (dt, null);
        if (TimeOnly.TryParseExact(t, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return (today.ToDateTime(time), null);
        return (null, ValidationProblem.Coded(field, $"Type the {what} as YYYY-MM-DD HH:MM (24-hour), e.g. {today:yyyy-MM-dd} 09:30, or just 09:30 for today.",
            "time_unreadable", what, today));
    }
}
