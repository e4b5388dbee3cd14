using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Account;

/// <summary>
/// The app on loopback behind a trusted proxy (loopback): each test speaks from its own forwarded client address, so
/// the per-address sign-in limit of one test does not spend another's.
/// </summary>
public class SignInFloodTests(LoopbackRegistryWebFactory factory) : IClassFixture<LoopbackRegistryWebFactory>
{
    private readonly LoopbackRegistryWebFactory _factory = factory;

    private HttpClient ClientFrom(string address)
    {
        var client = _factory.LoopbackClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private long DatabaseBytes() =>
        Directory.EnumerateFiles(_factory.DataFolder, "registry.db*").Sum(f => new FileInfo(f).Length);

    [Fact]
    public async Task Eight_clients_posting_megabyte_user_names_grow_the_database_by_less_than_a_megabyte()
    {
        var before = DatabaseBytes();
        var huge = new string('x', 1024 * 1024);
        var until = Stopwatch.StartNew();
        var posts = await Task.WhenAll(Enumerable.Range(1, 8).Select(async i =>
        {
            var client = ClientFrom($"198.51.100.{i}");
            int sent = 0;
            // Each client posts at least once, however late a loaded machine starts it, then for the rest of the 2 s.
            do
            {
                var response = await SignedInClient.PostLoginAsync(client, huge + i, "Any-password-1");
                Assert.False(response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("not right"), "a megabyte user name was checked");
                sent++;
            }
            while (until.Elapsed < TimeSpan.FromSeconds(2));
            return sent;
        }));

        Assert.True(posts.Sum() >= 8, $"only {posts.Sum()} posts were sent");
        Assert.True(DatabaseBytes() - before < 1024 * 1024, $"the database grew by {DatabaseBytes() - before} bytes");
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        Assert.False(await db.AuditTrail.AnyAsync(a => a.User.Length > ClinicalLimits.UserMaxLength || (a.RecordKey != null && a.RecordKey.Length > 64)));
    }

    [Fact]
    public async Task Sign_in_posts_beyond_the_limit_per_address_are_refused_with_429()
    {
        var client = ClientFrom("203.0.113.1");
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i <= LoopbackRegistryWebFactory.SignInsPerAddress; i++)
            statuses.Add((await SignedInClient.PostLoginAsync(client, $"nobody-{i}", "Any-password-1")).StatusCode);
        Assert.All(statuses.Take(LoopbackRegistryWebFactory.SignInsPerAddress), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        // Another address still signs in.
        Assert.Equal(HttpStatusCode.OK, (await SignedInClient.PostLoginAsync(ClientFrom("203.0.113.2"), "nobody", "Any-password-1")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_per_user_name_are_neither_checked_nor_audited()
    {
        var (name, password) = await _factory.CreateUserAsync(Roles.Nurse);
        string last = "";
        for (int i = 0; i < 11; i++)
        {
            // A fresh address for each attempt: only the per-user-name limit applies.
            var response = await SignedInClient.PostLoginAsync(ClientFrom($"192.0.2.{i + 1}"), name, i < 10 ? "Wrong-password-1" : password);
            last = await response.Content.ReadAsStringAsync();
        }
        Assert.Contains("Too many sign-in attempts for this user name", last);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        Assert.Equal(10, await db.AuditTrail.CountAsync(a => a.Action == "sign_in_failed" && a.RecordKey == name));
    }

    [Fact]
    public async Task Behind_an_https_proxy_cookies_are_secure_and_hsts_is_sent()
    {
        var client = ClientFrom("203.0.113.9");
        var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Host = LoopbackRegistryWebFactory.PublicHost;
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
        Assert.All(response.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        var plain = await client.GetAsync("/account/login");
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_host_name_outside_AllowedHosts_is_refused()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Host = "elsewhere.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await _factory.LoopbackClient().SendAsync(request)).StatusCode);
    }
}
