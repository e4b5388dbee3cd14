using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace PvpRegistry.Web.Features.Account;

/// <summary>Configuration section "Security:SignInRateLimit": sign-in attempts (form posts) allowed per window.</summary>
public class SignInRateLimitOptions
{
    public const string Section = "Security:SignInRateLimit";

    /// <summary>Sign-in posts from one client address per window (a ward behind one NAT address shares it).</summary>
    public int PerAddress { get; set; } = 30;

    /// <summary>Sign-in attempts for one user name per window, from any address.</summary>
    public int PerUserName { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The ASP.NET Core rate limiter on sign-in: the "sign-in" policy limits form posts per client address (the login page
/// carries it), and <see cref="TryAcquireForUserName"/> limits attempts per user name. A refused attempt is neither
/// checked nor audited: a flood cannot grow the audit trail or lock accounts faster than the limits allow.
/// </summary>
public sealed class SignInRateLimits(IOptions<SignInRateLimitOptions> options) : IDisposable
{
    public const string Policy = "sign-in";

    private readonly PartitionedRateLimiter<string> _perUserName = PartitionedRateLimiter.Create<string, string>(name =>
        RateLimitPartition.GetFixedWindowLimiter(name, _ => Window(options.Value.PerUserName, options.Value.Window)));

    public bool TryAcquireForUserName(string userName)
    {
        using var lease = _perUserName.AttemptAcquire(userName.ToUpperInvariant());
        return lease.IsAcquired;
    }

    public void Dispose() => _perUserName.Dispose();

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    /// <summary>The "sign-in" policy: posts partitioned by client address (behind a proxy, the forwarded address).</summary>
    public static RateLimitPartition<string> PerAddress(HttpContext ctx)
    {
        if (!HttpMethods.IsPost(ctx.Request.Method)) return RateLimitPartition.GetNoLimiter("read");
        var limits = ctx.RequestServices.GetRequiredService<IOptions<SignInRateLimitOptions>>().Value;
        var address = ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter(address, _ => Window(limits.PerAddress, limits.Window));
    }
}
