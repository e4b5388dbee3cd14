namespace PvpRegistry.Core;

/// <summary>
/// The day an instant falls on in the registry's time zone: the one reckoning of "which day" for every stored UTC time
/// (a call, a visit marked missed, an edit, a query, a reminder raised, a report's data read), as "today" is reckoned.
/// </summary>
public static class RegistryDay
{
    public static DateOnly Of(DateTime utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));
}
