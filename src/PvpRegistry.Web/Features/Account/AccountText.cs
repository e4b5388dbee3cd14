using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace PvpRegistry.Web.Features.Account;

/// <summary>The texts of the sign-in and account pages (AccountText.resx, one file per language).</summary>
public sealed class AccountText
{
    /// <summary>An error of Identity (the password policy) in the user's language by its code, its English description where a code has no text.</summary>
    public static string IdentityError(IStringLocalizer<AccountText> text, PasswordOptions policy, string code, string description) =>
        text[$"Identity.{code}", policy.RequiredLength, policy.RequiredUniqueChars] is { ResourceNotFound: false } localized ? localized : description;
}
