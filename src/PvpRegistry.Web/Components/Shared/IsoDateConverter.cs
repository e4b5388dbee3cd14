using System.Globalization;
using MudBlazor;

namespace PvpRegistry.Web.Components.Shared;

/// <summary>
/// The text of a date picker as the presentation rules want it: YYYY-MM-DD in the invariant culture, both ways.
/// Any other text (a locale form such as 05/03/2024) is refused; the picker shows the refusal's message.
/// </summary>
public sealed class IsoDateConverter : IReversibleConverter<DateTime?, string?>
{
    public const string WhatToType = "Type as YYYY-MM-DD";

    public static IsoDateConverter Instance { get; } = new();

    public string? Convert(DateTime? input) => input?.ToString(Format.DateFormat, CultureInfo.InvariantCulture);

    public DateTime? ConvertBack(string? input) =>
        string.IsNullOrWhiteSpace(input) ? null
        : Format.TryParseDate(input, out var date) ? date.ToDateTime(TimeOnly.MinValue)
        : throw new FormatException(WhatToType);
}
