using System.Globalization;
using System.Resources;

namespace PvpRegistry.Data.Reminders;

/// <summary>
/// The texts of the reminder digest e-mail in its recipient's language (DigestText.resx, one file per language, in the
/// terms of the Chinese glossary). The language is the recipient's, given explicitly: a digest is composed by the
/// daily run, for many recipients, not in a user's request. Dates stay YYYY-MM-DD in every language.
/// </summary>
public sealed class DigestText
{
    private static readonly ResourceManager Resources = new(typeof(DigestText));

    private readonly CultureInfo _culture;

    private DigestText(CultureInfo culture) => _culture = culture;

    public static DigestText English { get; } = new(CultureInfo.InvariantCulture);

    /// <summary>The texts of a user's stored language (<c>en</c>, <c>zh-CN</c>); English when none is stored or it is not offered.</summary>
    public static DigestText For(string? language) =>
        language is not null && (language.Equals("zh", StringComparison.OrdinalIgnoreCase) || language.StartsWith("zh-", StringComparison.OrdinalIgnoreCase))
            ? new DigestText(CultureInfo.GetCultureInfo("zh-CN"))
            : English;

    /// <summary>The text of a key with its placeholders filled in the invariant culture.</summary>
    public string this[string key, params object[] args] =>
        string.Format(CultureInfo.InvariantCulture,
            Resources.GetString(key, _culture) ?? throw new KeyNotFoundException($"The digest text '{key}' is not in DigestText.resx."), args);
}
