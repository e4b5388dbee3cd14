using System.Net;
using PvpRegistry.Core;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Shell;

public class HostTests(RegistryWebFactory factory) : IClassFixture<RegistryWebFactory>
{
    private readonly RegistryWebFactory _factory = factory;

    [Fact]
    public async Task Health_answers_healthy_with_no_details_and_without_sign_in()
    {
        var response = await _factory.NewClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task First_start_creates_the_database_and_loads_the_labelled_demo_cohort()
    {
        var client = await _factory.SignedInAsync(Roles.Surgeon);
        var html = await client.GetStringAsync("/patients");
        Assert.True(await _factory.Database.ExistsAsync());
        Assert.Contains("Synthetic demo data", html);
    }

    [Theory]
    [InlineData("/worklist", "Worklist", Roles.Nurse)]
    [InlineData("/patients", "Patients", Roles.Surgeon)]
    [InlineData("/dashboards", "Dashboards", Roles.Researcher)]
    [InlineData("/reports", "Reports", Roles.Researcher)]
    [InlineData("/admin", "Admin", Roles.Admin)]
    public async Task Every_section_has_a_page_for_its_role(string path, string heading, string role)
    {
        var client = await _factory.SignedInAsync(role);
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<title>{heading} - PvpRegistry</title>", html);
    }

    [Fact]
    public async Task An_unknown_address_gets_a_friendly_not_found_page()
    {
        var client = await _factory.SignedInAsync(Roles.Nurse);
        var response = await client.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Page not found", html);
        Assert.DoesNotContain("Exception", html);
    }

    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        var response = await _factory.NewClient().GetAsync("/account/login");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Scripts_and_connections_are_limited_to_the_app_and_the_one_inline_script_carries_the_request_nonce()
    {
        var client = await _factory.SignedInAsync(Roles.Nurse);
        var response = await client.GetAsync("/worklist");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single().Split(';', StringSplitOptions.TrimEntries);
        var scripts = policy.Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe-inline", scripts);
        Assert.Equal("connect-src 'self'", policy.Single(d => d.StartsWith("connect-src ", StringComparison.Ordinal)));
        var nonce = System.Text.RegularExpressions.Regex.Match(scripts, "'nonce-(?<n>[^']+)'").Groups["n"].Value;
        Assert.NotEmpty(nonce);
        var html = await response.Content.ReadAsStringAsync();
        var inline = System.Text.RegularExpressions.Regex.Matches(html, "<script(?![^>]*\\bsrc=)[^>]*>").Select(m => m.Value).ToList();
        Assert.NotEmpty(inline);
        Assert.All(inline, tag => Assert.Contains($"nonce=\"{nonce}\"", WebUtility.HtmlDecode(tag)));
    }

    [Theory]
    [InlineData("/export/study.csv")]
    [InlineData("/reports/patient/1.pdf")]
    public async Task Downloads_are_never_stored_by_a_cache(string path)
    {
        var client = await _factory.SignedInAsync(Roles.Researcher);
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }
}

public class EmptyStartTests(EmptyRegistryWebFactory factory) : IClassFixture<EmptyRegistryWebFactory>
{
    private readonly RegistryWebFactory _factory = factory;

    [Fact]
    public async Task Without_demo_data_no_page_carries_the_demo_label_and_the_worklist_says_what_to_do()
    {
        var client = await _factory.SignedInAsync(Roles.Nurse);
        var worklist = await client.GetStringAsync("/worklist");
        Assert.DoesNotContain("Synthetic demo data", worklist);
        Assert.Contains("Nothing is due or overdue today", worklist);
        var login = await _factory.NewClient().GetStringAsync("/account/login");
        Assert.DoesNotContain("Demo credentials", login);
    }
}
