namespace PvpRegistry.Web.Features.Account;

/// <summary>The texts of the sign-in and account pages (AccountText.resx, one file per language).</summary>
public sealed class AccountText;
