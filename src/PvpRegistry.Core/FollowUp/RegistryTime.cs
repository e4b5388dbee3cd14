namespace PvpRegistry.Core;

/// <summary>
/// A stored UTC instant read in the registry's time zone: the time a clock there shows, and the day it falls on. The one
/// reckoning of "which day" for every stored time (a call, a visit marked missed, an edit, a query, a reminder raised, a
/// report's data read), as "today" is reckoned, and of the times the screens and reports show.
/// </summary>
public static class RegistryTime
{
    public static DateTime LocalOf(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    public static DateOnly DayOf(DateTime utc, TimeZoneInfo zone) => DateOnly.FromDateTime(LocalOf(utc, zone));
}
