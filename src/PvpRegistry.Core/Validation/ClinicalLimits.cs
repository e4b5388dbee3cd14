namespace PvpRegistry.Core;

/// <summary>
/// The ranges and steps of the clinical rules, defined once and used by validation, the EF
/// configuration and the forms.
/// </summary>
public static class ClinicalLimits
{
    public const decimal VasMin = 0.0m, VasMax = 10.0m;
    public const int VasDecimals = 1;
    public const int KpsMin = 0, KpsMax = 100, KpsStep = 10;
    public const int AgeMin = 18, AgeMax = 110;
    public const decimal CementPerLevelMinMl = 0.5m, CementPerLevelMaxMl = 20m;

    /// <summary>Total cement over all levels: at most ten levels of the per-level maximum.</summary>
    public const decimal CementTotalMaxMl = 200m;
    public const int SeedCountMax = 200;
    public const decimal SeedActivityMinMci = 0.1m, SeedActivityMaxMci = 1.5m;
    public const int SegmentsMin = 1, SegmentsMax = 10;

    public const int StudyIdMaxLength = 32, MrnMaxLength = 32, NameMaxLength = 200, PhoneMaxLength = 40;
    public const int FreeTextMaxLength = 2000, ReasonMaxLength = 500;

    /// <summary>
    /// The dates the registry accepts (a typo such as 9999-12-31 is refused, and every visit window of an accepted
    /// procedure date still falls within the calendar).
    /// </summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1), LatestDate = new(2199, 12, 31);

    /// <summary>A user name: Identity's column length; a password: far above any policy, far below a flood.</summary>
    public const int UserMaxLength = 256, PasswordMaxLength = 128;

    /// <summary>A typed score, date or time (not stored as text): room for any valid value and a few spaces.</summary>
    public const int TypedValueMaxLength = 32;
}

/// <summary>
/// One problem with an input value, named by its field, in words a nurse understands. <see cref="Code"/> and
/// <see cref="Args"/> name the message for the screens, which show it in the user's language (dates, visits and numbers
/// as arguments); <see cref="Message"/> is the English text, kept for logs, the command line and imports.
/// </summary>
public record ValidationProblem(string Field, string Message)
{
    /// <summary>The message's stable code (e.g. <c>vas_range</c>, a record rule's code); null for a message without one.</summary>
    public string? Code { get; init; }

    /// <summary>The values the message names, in the order of its placeholders.</summary>
    public IReadOnlyList<object> Args { get; init; } = [];

    public static ValidationProblem Coded(string field, string message, string code, params object[] args) =>
        new(field, message) { Code = code, Args = args };

    public override string ToString() => $"{Field}: {Message}";
}

public class ClinicalValidationException(IReadOnlyList<ValidationProblem> problems)
    : Exception(string.Join("; ", problems))
{
    public IReadOnlyList<ValidationProblem> Problems { get; } = problems;
}
