using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.StaticAssets;
using PvpRegistry.Data;
using PvpRegistry.Data.Users;

namespace PvpRegistry.Web.Features.Account;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (HttpContext ctx, SignInManager<RegistryUser> signIn, UserAccounts accounts, string? reason) =>
        {
            var name = ctx.User.Identity?.Name;
            await signIn.SignOutAsync();
            if (name is not null) await accounts.AuditAsync(name, "sign_out", name, null, null, null, reason == "idle" ? "idle timeout" : null);
            return Results.LocalRedirect(reason == "idle" ? "/account/login?idle=1" : "/account/login");
        }).AllowAnonymous();
    }

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

    /// <summary>Headers that keep the pages out of frames, stop type sniffing and limit where scripts and connections may go.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (ctx, next) =>
        {
            var h = ctx.Response.Headers;
            h["X-Content-Type-Options"] = "nosniff";
            h["X-Frame-Options"] = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            h["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
            await next();
        });
}
