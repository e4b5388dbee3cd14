namespace PvpRegistry.Core.Statistics;

/// <summary>
/// The data cannot support a test (too few values, no variation, an empty table): the reason is coded, so a report or a
/// dashboard words it in its reader's language as specifically as <c>pvp</c> prints it in English (<see cref="Exception.Message"/>).
/// </summary>
public class UnsupportedDataException(RegistryMessage reason, string? paramName = null) : ArgumentException(reason.English, paramName), ICodedException
{
    public RegistryMessage Coded { get; } = reason;
}
