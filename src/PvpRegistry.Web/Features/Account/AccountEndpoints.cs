using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.StaticAssets;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Users;

namespace PvpRegistry.Web.Features.Account;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with the antiforgery token; the account gets a new security stamp, so the signed-out cookie
        // (and every other session of the account) no longer works even if someone kept a copy.
        app.MapPost("/account/logout", async (HttpContext ctx, IAntiforgery antiforgery, SignInManager<RegistryUser> signIn, UserAccounts accounts, string? reason) =>
        {
            if (!await antiforgery.IsRequestValidAsync(ctx)) return Results.BadRequest("Sign out with the Sign out button.");
            var user = await signIn.ValidateSecurityStampAsync(ctx.User);
            var name = user?.UserName;
            if (user is not null) await signIn.UserManager.UpdateSecurityStampAsync(user);
            await signIn.SignOutAsync();
            if (name is not null) await accounts.AuditAsync(name, "sign_out", name, null, null, null, reason == "idle" ? AuditReasons.IdleTimeout : null);
            return Results.LocalRedirect(reason == "idle" ? $"/account/login?ended={LoginNotice.Idle}" : "/account/login");
        }).AllowAnonymous();
        app.MapSessionKeepAlive();
        app.MapLanguageSwitch();
    }

    /// <summary>
    /// The language switch (app bar, sign-in page): a signed-in user's choice is stored on the account (audited) and put
    /// in the sign-in cookie's claims; the browser remembers it too, so the sign-in page keeps it. The page is loaded again,
    /// and its new circuit takes the language.
    /// </summary>
    public static void MapLanguageSwitch(this IEndpointRouteBuilder app) =>
        app.MapPost("/account/language", async (HttpContext ctx, IAntiforgery antiforgery, SignInManager<RegistryUser> signIn, UserAccounts accounts) =>
        {
            if (!await antiforgery.IsRequestValidAsync(ctx)) return Results.BadRequest();
            var form = await ctx.Request.ReadFormAsync();
            if (Languages.Offered(form["language"]) is not { } language) return Results.BadRequest();
            if (ctx.User.Identity?.IsAuthenticated == true && await signIn.ValidateSecurityStampAsync(ctx.User) is { } user)
            {
                await accounts.SetLanguageAsync(user.UserName!, language, user.UserName!);
                await signIn.RefreshSignInAsync(user);
            }
            Languages.Remember(ctx.Response, language);
            string back = form["returnUrl"].ToString();
            return Results.LocalRedirect(back.StartsWith('/') && !back.StartsWith("//") && !back.StartsWith("/\\") ? back : "/");
        }).AllowAnonymous();

    /// <summary>
    /// The page's in-page activity keeps the sign-in cookie alive (sliding renewal on this request), so a user who works
    /// inside one page for longer than the idle timeout still downloads PDFs and CSVs.
    /// </summary>
    public static void MapSessionKeepAlive(this IEndpointRouteBuilder app) =>
        app.MapPost("/account/keep-alive", () => Results.NoContent());

    /// <summary>
    /// Until a one-time password is replaced, every page leads to the password change; the app's static files
    /// (style sheet, script, icon) are served, so the password page itself is styled.
    /// </summary>
    public static IApplicationBuilder UseForcedPasswordChange(this IApplicationBuilder app) =>
        app.Use(async (ctx, next) =>
        {
            if (ctx.User.HasClaim(RegistryClaimsFactory.MustChangePasswordClaim, "true")
                && !ctx.Request.Path.StartsWithSegments("/account")
                && !ctx.Request.Path.StartsWithSegments("/_framework")
                && !ctx.Request.Path.StartsWithSegments("/_content")
                && !ctx.Request.Path.StartsWithSegments("/health")
                && ctx.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is null
                && HttpMethods.IsGet(ctx.Request.Method))
            {
                ctx.Response.Redirect("/account/change-password");
                return;
            }
            await next();
        });

    /// <summary>The key of the request's script nonce in <see cref="HttpContext.Items"/> (the import map carries it).</summary>
    public const string ScriptNonceKey = "csp-script-nonce";

    /// <summary>
    /// Headers that keep the pages out of frames, stop type sniffing and limit scripts and connections to the app's own
    /// origin (the one inline script, Blazor's import map, carries the request's nonce); downloads (CSV, PDF) are never
    /// stored by a browser or proxy cache.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (ctx, next) =>
        {
            var nonce = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            ctx.Items[ScriptNonceKey] = nonce;
            var h = ctx.Response.Headers;
            h["X-Content-Type-Options"] = "nosniff";
            h["X-Frame-Options"] = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            // MudBlazor sets style attributes, hence 'unsafe-inline' for styles only.
            h["Content-Security-Policy"] = $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
            ctx.Response.OnStarting(() =>
            {
                if (ctx.Response.ContentType is { } type && (type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase)))
                {
                    h.CacheControl = "no-store";
                    h.Pragma = "no-cache";
                }
                return Task.CompletedTask;
            });
            await next();
        });
}
