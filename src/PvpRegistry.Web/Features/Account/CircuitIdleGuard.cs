using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using PvpRegistry.Data.Users;

namespace PvpRegistry.Web.Features.Account;

/// <summary>
/// The idle timeout of an open page, kept on the server (the browser's timer is a convenience, not the guard): the
/// first input after <see cref="SecurityOptions.IdleTimeoutMinutes"/> without any (a click, a keystroke, a save) is
/// dropped and the page's session ends, so the page leads to the sign-in page instead of saving.
/// </summary>
public sealed class CircuitIdleGuard(TimeProvider time, IOptions<SecurityOptions> security, AuthenticationStateProvider authentication) : CircuitHandler
{
    private DateTimeOffset _lastInput = time.GetUtcNow();

    public bool Expired { get; private set; }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var now = time.GetUtcNow();
            if (Expired || now - _lastInput > TimeSpan.FromMinutes(security.Value.IdleTimeoutMinutes))
            {
                if (!Expired && authentication is RevalidatingIdentityStateProvider pageSession) pageSession.EndSession();
                Expired = true;
                return;
            }
            _lastInput = now;
            await next(context);
        };
}
