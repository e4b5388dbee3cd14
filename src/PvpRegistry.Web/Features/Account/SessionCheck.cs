using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using System.Security.Claims;
using PvpRegistry.Data;

namespace PvpRegistry.Web.Features.Account;

/// <summary>
/// A session is current while its account is enabled and the security stamp in its cookie is the account's:
/// disabling, a reset or changed password, a role change and signing out all give the account a new stamp, so
/// every cookie and every open page issued before it stops working.
/// </summary>
public static class SessionCheck
{
    public static async Task<bool> IsCurrentAsync(SignInManager<RegistryUser> signIn, ClaimsPrincipal principal)
    {
        var user = await signIn.ValidateSecurityStampAsync(principal);
        return user is { IsDisabled: false };
    }

    /// <summary>
    /// The cookie's check on every request to an endpoint that needs a signed-in user (one primary-key read), instead
    /// of Identity's interval check that sliding renewal keeps postponing. Anonymous endpoints (sign-in page, static
    /// files) are not checked.
    /// </summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext ctx)
    {
        if (ctx.Principal is null || ctx.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null) return;
        var signIn = ctx.HttpContext.RequestServices.GetRequiredService<SignInManager<RegistryUser>>();
        if (await IsCurrentAsync(signIn, ctx.Principal)) return;
        ctx.RejectPrincipal();
        await signIn.SignOutAsync();
    }
}
