using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using PvpRegistry.Web.Components.Layout;

namespace PvpRegistry.Web;

/// <summary>
/// The languages of the screens and e-mails. Only the UI culture changes with the language: formats stay invariant in
/// every language (dates YYYY-MM-DD, decimal point "."). The language of a request is the signed-in account's choice
/// (a claim of the sign-in cookie), else the one chosen on the sign-in page (the culture cookie), else the browser's
/// Accept-Language; a Blazor circuit keeps the language of the request that opened it.
/// </summary>
public static class Languages
{
    public const string English = "en", Chinese = "zh-CN";

    /// <summary>Every language offered, in the order of the switch.</summary>
    public static readonly IReadOnlyList<string> All = [English, Chinese];

    /// <summary>The claim of the sign-in cookie that carries the account's chosen language.</summary>
    public const string ClaimType = "language";

    /// <summary>The offered language a request asked for (exactly as offered), or null.</summary>
    public static string? Offered(string? language) => All.FirstOrDefault(l => string.Equals(l, language, StringComparison.OrdinalIgnoreCase));

    public static IServiceCollection AddRegistryLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        // Pages carry Chinese as characters, not as &#x...; escapes (a third of the size, and readable in the source).
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(
            System.Text.Unicode.UnicodeRanges.BasicLatin, System.Text.Unicode.UnicodeRanges.Latin1Supplement, System.Text.Unicode.UnicodeRanges.GeneralPunctuation,
            System.Text.Unicode.UnicodeRanges.CjkUnifiedIdeographs, System.Text.Unicode.UnicodeRanges.CjkSymbolsandPunctuation,
            System.Text.Unicode.UnicodeRanges.HalfwidthandFullwidthForms));
        services.AddTransient<MudLocalizer, RegistryMudLocalizer>();
        services.AddSingleton<Components.Shared.RegistryText>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(CultureInfo.InvariantCulture, new CultureInfo(English));
            o.SupportedCultures = [CultureInfo.InvariantCulture];
            o.SupportedUICultures = All.Select(l => new CultureInfo(l)).ToList();
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(ctx => Task.FromResult(
                    Offered(ctx.User.FindFirstValue(ClaimType)) is { } chosen ? new ProviderCultureResult(chosen) : null)),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }

    /// <summary>Remembers a language in the browser (the sign-in page shows it; an account's own choice comes first).</summary>
    public static void Remember(HttpResponse response, string language) =>
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
}

/// <summary>MudBlazor's own texts (pager, date picker, close buttons) from <see cref="MudBlazorText"/>; a key it lacks keeps MudBlazor's English.</summary>
public class RegistryMudLocalizer(IStringLocalizer<MudBlazorText> texts) : MudLocalizer
{
    public override LocalizedString this[string key] => texts[key];
}
