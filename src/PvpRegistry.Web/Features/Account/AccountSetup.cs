using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Users;

namespace PvpRegistry.Web.Features.Account;

public static class AccountSetup
{
    /// <summary>Cookie sign-in with Identity; every endpoint needs a signed-in user unless marked anonymous.</summary>
    public static IServiceCollection AddRegistryAccounts(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddScoped<CircuitHandler, CircuitIdleGuard>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddRegistryIdentityCore().AddSignInManager().AddClaimsPrincipalFactory<RegistryClaimsFactory>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<IOptions<SecurityOptions>>((o, security) =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.ExpireTimeSpan = TimeSpan.FromMinutes(security.Value.IdleTimeoutMinutes);
            o.SlidingExpiration = true;
            o.Cookie.Name = "pvp.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // APIs answer 401/403; pages redirect to the login page.
            o.Events.OnRedirectToLogin = ctx => Challenge(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Challenge(ctx, StatusCodes.Status403Forbidden);
            o.Events.OnValidatePrincipal = SessionCheck.ValidatePrincipalAsync;
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddScoped<FirstStartAccounts>();
        services.AddOptions<SignInRateLimitOptions>().BindConfiguration(SignInRateLimitOptions.Section);
        services.AddSingleton<SignInRateLimits>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (ctx, ct) => new ValueTask(ctx.HttpContext.Response.WriteAsync("Too many sign-in attempts from this address. Wait a minute and try again.", ct));
            o.AddPolicy(SignInRateLimits.Policy, SignInRateLimits.PerAddress);
        });
        // X-Frame-Options comes from the security headers (DENY), not from antiforgery (SAMEORIGIN).
        services.AddAntiforgery(o =>
        {
            o.SuppressXFrameOptionsHeader = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    private static Task Challenge(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        // File downloads and the hub answer with a status code; pages redirect to sign-in or access denied.
        bool download = ctx.Request.Path.StartsWithSegments("/reports") && ctx.Request.Path.Value!.EndsWith(".pdf", StringComparison.Ordinal);
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/export") || ctx.Request.Path.StartsWithSegments("/_blazor") || download)
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Adds the display name, and a marker while the user still has to replace a one-time password.</summary>
public class RegistryClaimsFactory(UserManager<RegistryUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<RegistryUser, IdentityRole>(users, roles, options)
{
    public const string MustChangePasswordClaim = "must_change_password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(RegistryUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim("display_name", string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName! : user.DisplayName));
        if (user.MustChangePassword) identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        if (Languages.Offered(user.Language) is { } language) identity.AddClaim(new Claim(Languages.ClaimType, language));
        return identity;
    }
}

/// <summary>
/// Re-checks the signed-in user of an open page every <see cref="SecurityOptions.CircuitRevalidationSeconds"/>
/// (a minute): a disabled account, a changed role, a reset or changed password or a sign-out (new security stamp)
/// ends the page's session.
/// </summary>
public class RevalidatingIdentityStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<SecurityOptions> security)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(security.Value.CircuitRevalidationSeconds);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await SessionCheck.IsCurrentAsync(scope.ServiceProvider.GetRequiredService<SignInManager<RegistryUser>>(), state.User);
    }

    /// <summary>Whether this page's session was ended for idleness (<see cref="EndSession"/>), not by the revalidation.</summary>
    public bool EndedIdle { get; private set; }

    /// <summary>Ends this page's session now (idle timeout): the page goes to the sign-in page (<see cref="SessionEndedRedirect"/>).</summary>
    public void EndSession()
    {
        EndedIdle = true;
        SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
    }
}

/// <summary>Why the sign-in page was opened from a page whose session ended (its <c>ended</c> query value), and the key of what it says (AccountText.resx).</summary>
public static class LoginNotice
{
    public const string SessionEnded = "session";
    public const string Idle = "idle";

    public static string? TextKey(string? ended) => ended switch
    {
        SessionEnded => "Notice.SessionEnded",
        Idle => "Notice.Idle",
        _ => null,
    };
}

/// <summary>A refused access, in the user's language on the screens (<see cref="Exception.Message"/> is the English).</summary>
public class AccessRefusedException(RegistryMessage message) : UnauthorizedAccessException(message.English), ICodedException
{
    public RegistryMessage Coded { get; } = message;
}

/// <summary>The roles of which a user needs one, as a message names them: "Admin or Researcher" in English.</summary>
public sealed record RoleNames(IReadOnlyList<string> Roles)
{
    public override string ToString() => string.Join(" or ", Roles);
}

/// <summary>The server-side role checks the services use: the UI hides what a role may not do, and the service refuses it.</summary>
public static class RoleCheck
{
    public static void Require(ClaimsPrincipal user, params string[] anyOf)
    {
        if (user.Identity?.IsAuthenticated != true) throw new AccessRefusedException(new("access_sign_in"));
        if (!anyOf.Any(user.IsInRole)) throw new AccessRefusedException(new("access_role", new RoleNames(anyOf)));
    }

    public static string NameOf(ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";

    /// <summary>
    /// Whether the user's screens show patients' names and MRNs (the clinical roles, who phone and treat them); never in
    /// URLs, page titles or exports, whoever asks.
    /// </summary>
    public static bool MaySeeIdentifiers(ClaimsPrincipal user) => user.IsInRole(Roles.Nurse) || user.IsInRole(Roles.Surgeon);
}
