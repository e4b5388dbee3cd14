using System.Net;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Shell;

public class HostTests : IAsyncLifetime
{
    private readonly RegistryWebFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Health_answers_healthy_with_no_details()
    {
        var response = await _factory.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task First_start_creates_the_database_file_and_loads_the_labelled_demo_cohort()
    {
        var html = await _factory.CreateClient().GetStringAsync("/patients");
        Assert.True(File.Exists(Path.Combine(_factory.DataFolder, "registry.db")));
        Assert.Contains("Synthetic demo data", html);
        Assert.Contains("Patients", html);
    }

    [Theory]
    [InlineData("/worklist", "Worklist")]
    [InlineData("/patients", "Patients")]
    [InlineData("/dashboards", "Dashboards")]
    [InlineData("/reports", "Reports")]
    [InlineData("/admin", "Admin")]
    public async Task Every_section_of_the_navigation_has_a_page(string path, string heading)
    {
        var response = await _factory.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<title>{heading} - PvpRegistry</title>", html);
        foreach (var nav in new[] { "Worklist", "Patients", "Dashboards", "Reports", "Admin" }) Assert.Contains(nav, html);
    }

    [Theory]
    [InlineData("/dashboards")]
    [InlineData("/reports")]
    public async Task Pages_not_built_yet_say_so_plainly(string path)
    {
        var html = await _factory.CreateClient().GetStringAsync(path);
        Assert.Contains("is not built yet", html);
    }

    [Fact]
    public async Task An_unknown_address_gets_a_friendly_not_found_page()
    {
        var response = await _factory.CreateClient().GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Page not found", html);
        Assert.DoesNotContain("Exception", html);
    }
}

public class EmptyStartTests : IAsyncLifetime
{
    private readonly RegistryWebFactory _factory = new() { SeedDemoData = false };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Without_demo_data_no_page_carries_the_demo_label_and_the_worklist_says_what_to_do()
    {
        var client = _factory.CreateClient();
        var worklist = await client.GetStringAsync("/worklist");
        Assert.DoesNotContain("Synthetic demo data", worklist);
        Assert.Contains("Nothing is due or overdue today", worklist);
    }
}
