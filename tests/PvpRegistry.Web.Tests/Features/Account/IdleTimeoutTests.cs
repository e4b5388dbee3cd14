using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PvpRegistry.Data.Users;
using PvpRegistry.Web.Features.Account;

namespace PvpRegistry.Web.Tests.Features.Account;

/// <summary>The server, not the browser's timer, decides that an open page has been idle too long.</summary>
public class IdleTimeoutTests
{
    [Fact]
    public async Task Input_after_the_idle_timeout_is_refused_and_ends_the_page_session_while_earlier_input_keeps_it_alive()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        using var session = new RevalidatingIdentityStateProvider(NullLoggerFactory.Instance, null!, Options.Create(new SecurityOptions()));
        var nurse = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "nurse.idle")], "test"));
        session.SetAuthenticationState(Task.FromResult(new AuthenticationState(nurse)));
        var guard = new CircuitIdleGuard(time, Options.Create(new SecurityOptions { IdleTimeoutMinutes = 20 }), session);
        int saves = 0;
        var input = guard.CreateInboundActivityHandler(_ => { saves++; return Task.CompletedTask; });

        time.Advance(TimeSpan.FromMinutes(19));
        await input(null!);
        time.Advance(TimeSpan.FromMinutes(19));
        await input(null!);
        Assert.Equal(2, saves);

        time.Advance(TimeSpan.FromMinutes(21));
        await input(null!);
        time.Advance(TimeSpan.FromSeconds(1));
        await input(null!);

        Assert.Equal(2, saves);
        Assert.True(guard.Expired);
        Assert.False((await session.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
    }
}
