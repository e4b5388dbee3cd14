using System.Globalization;
using System.Resources;

namespace PvpRegistry.Core;

/// <summary>
/// A message a person reads, named by a stable code and the values it names: a screen words it in the user's language,
/// <c>pvp</c> prints its <see cref="English"/>. Both come from the one text of the code (<c>MessageText.resx</c>, one file
/// per language).
/// </summary>
public sealed record RegistryMessage(string Code, params object[] Args)
{
    private static readonly ResourceManager Texts = new("PvpRegistry.Core.Messages.MessageText", typeof(RegistryMessage).Assembly);

    /// <summary>The English sentence (logs, the command line): dates as YYYY-MM-DD, numbers with ".".</summary>
    public string English => In(CultureInfo.InvariantCulture, EnglishArgument);

    /// <summary>The sentence in <paramref name="culture"/>, each argument as <paramref name="argument"/> words it.</summary>
    public string In(CultureInfo culture, Func<object, string> argument) =>
        string.Format(CultureInfo.InvariantCulture,
            Texts.GetString(Code, culture) ?? EnglishText(Code),
            Args.Select(argument).ToArray<object>());

    /// <summary>The English text of a code, its values as placeholders ({0}, {1}).</summary>
    public static string EnglishText(string code) =>
        Texts.GetString(code, CultureInfo.InvariantCulture) ?? throw new KeyNotFoundException($"The message '{code}' is not in MessageText.resx.");

    public static string EnglishArgument(object value) => value switch
    {
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public override string ToString() => English;
}

/// <summary>An exception whose message a person reads: the screens word its <see cref="Coded"/> message in the user's language.</summary>
public interface ICodedException
{
    RegistryMessage Coded { get; }
}

/// <summary>An action the registry refuses for a reason the user can act on; <see cref="Exception.Message"/> is the English.</summary>
public class RefusedException(RegistryMessage message) : InvalidOperationException(message.English), ICodedException
{
    public RegistryMessage Coded { get; } = message;
}
