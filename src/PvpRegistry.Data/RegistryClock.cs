using Microsoft.Extensions.Options;
using PvpRegistry.Core;

namespace PvpRegistry.Data;

/// <summary>"Today" in the registry's time zone, from the injected TimeProvider.</summary>
public class RegistryClock(TimeProvider time, IOptions<FollowUpOptions> options)
{
    private readonly TimeZoneInfo _zone = string.IsNullOrWhiteSpace(options.Value.TimeZone)
        ? time.LocalTimeZone
        : TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public TimeProvider Time => time;

    /// <summary>The registry's time zone, in which dates and run times are reckoned.</summary>
    public TimeZoneInfo Zone => _zone;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    /// <summary>The current time in the registry's time zone.</summary>
    public DateTime LocalNow => LocalTimeOf(UtcNow);

    public DateOnly Today => DayOf(UtcNow);

    /// <summary>The UTC instant <paramref name="utc"/> as a clock in the registry's time zone reads it.</summary>
    public DateTime LocalTimeOf(DateTime utc) => RegistryTime.LocalOf(utc, _zone);

    /// <summary>The day the UTC instant <paramref name="utc"/> falls on in the registry's time zone.</summary>
    public DateOnly DayOf(DateTime utc) => RegistryTime.DayOf(utc, _zone);
}
