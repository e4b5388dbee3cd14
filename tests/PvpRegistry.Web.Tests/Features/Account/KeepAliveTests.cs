using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PvpRegistry.Core;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Account;

/// <summary>The page's keep-alive (sent on input inside a page) renews the sign-in cookie, on the host's own clock.</summary>
public class KeepAliveTests(KeepAliveTests.ClockedRegistry factory) : IClassFixture<KeepAliveTests.ClockedRegistry>
{
    /// <summary>The app on a clock the test moves; no demo cohort (the downloads need no patients).</summary>
    public sealed class ClockedRegistry : RegistryWebFactory
    {
        public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

        public ClockedRegistry() => SeedDemoData = false;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Security:IdleTimeoutMinutes", "20");
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
        }
    }

    [Fact]
    public async Task A_user_working_inside_a_page_keeps_downloading_past_the_idle_timeout_while_an_idle_cookie_expires()
    {
        var (working, _) = await factory.SignedInUserAsync(Roles.Researcher);
        var (idle, _) = await factory.SignedInUserAsync(Roles.Researcher);
        Assert.Equal(HttpStatusCode.OK, (await working.GetAsync("/export/study.csv?deidentified=true")).StatusCode);

        // 15 of the 20 minutes later the page reports input: the answer renews the cookie.
        factory.Time.Advance(TimeSpan.FromMinutes(15));
        var keepAlive = await working.PostAsync("/account/keep-alive", null);
        Assert.Equal(HttpStatusCode.NoContent, keepAlive.StatusCode);
        Assert.StartsWith("pvp.auth=", SignedInClient.AuthCookie(keepAlive));

        // 30 minutes after signing in: the renewed cookie still downloads, the idle one is refused.
        factory.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.OK, (await working.GetAsync("/export/study.csv?deidentified=true")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await idle.GetAsync("/export/study.csv?deidentified=true")).StatusCode);
    }
}
