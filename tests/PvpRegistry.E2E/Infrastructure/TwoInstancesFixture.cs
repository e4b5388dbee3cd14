using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Demo;
using PvpRegistry.Data.Tests.Infrastructure;
using PvpRegistry.Data.Users;

namespace PvpRegistry.E2E.Infrastructure;

/// <summary>
/// The published web app (dotnet publish of the already built project, once per run) started twice as separate
/// processes in Production on two loopback ports, sharing one registry database with the demo cohort; e-mail points at
/// a closed port, so digests are queued (and stay unsent). The test process is a third client of the same database
/// (accounts, checks) and runs the `pvp` tool. The database is PostgreSQL when the run names a server
/// (PVP_TEST_POSTGRES, as the test command does: the server deployment this proves), otherwise a SQLite file.
/// The test process prepares the registry and the two instances start together (both schedulers at once). One
/// researcher and one nurse sign in once (on A) and every test opens its pages in their browser contexts.
/// </summary>
public sealed class TwoInstancesFixture : IAsyncLifetime
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pvp-two-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;
    private ServiceProvider? _services;
    private TestDatabase? _database;
    private string _pvp = "";
    private Task<IBrowserContext>? _researcher, _nurse;

    public WebProcess A { get; private set; } = null!;
    public WebProcess B { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string DataFolder => Path.Combine(_folder, "data");
    public string PublishedFolder => Path.Combine(_folder, "web");

    /// <summary>PostgreSQL when the run names a server (PVP_TEST_POSTGRES), otherwise SQLite.</summary>
    public static DatabaseProvider Provider { get; } =
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TestDatabase.PostgresServerVariable)) ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

    public string ConnectionString => _database!.ConnectionString;

    /// <summary>The same registry as the two instances see it, from the test process.</summary>
    public IServiceProvider Services => _services!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataFolder);
        var root = RepositoryRoot();
        // Publishing, creating the database and starting the browser do not wait for one another.
        var published = ChildProcess.RunAsync("dotnet", "publish", Path.Combine(root, "src", "PvpRegistry.Web", "PvpRegistry.Web.csproj"), "-c", Configuration, "--no-build", "-o", PublishedFolder);
        var browser = LaunchBrowserAsync();
        _database = await TestDatabase.CreateAsync(DataFolder, migrated: false, Provider);
        _pvp = Path.Combine(root, "src", "PvpRegistry.Cli", "bin", Configuration, "net10.0", "linux-x64", "pvp.dll"); // built with this project
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = Provider.ToString(),
            ["ConnectionStrings__Registry"] = ConnectionString,
            ["Reminders__Smtp__Host"] = "127.0.0.1",
            ["Reminders__Smtp__Port"] = WebProcess.FreePort().ToString(),
            ["Reminders__Smtp__From"] = "registry@example.org",
            ["Reminders__Coordinator"] = "coordinator@example.org",
            // The demo's unrecorded visits stay open (overdue) instead of being closed as "window passed", so both
            // schedulers find reminders to raise at start-up and their uniqueness is put to the test.
            ["FollowUp__CloseAsMissedAfterDays"] = "36500",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = Provider.ToString(), ["ConnectionStrings:Registry"] = ConnectionString,
            ["FollowUp:CloseAsMissedAfterDays"] = environment["FollowUp__CloseAsMissedAfterDays"],
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddRegistryData(configuration);
        services.AddRegistryDataProtection(configuration);
        services.AddRegistryIdentityCore();
        _services = services.BuildServiceProvider();

        // The registry is prepared first, as an operator does with `pvp migrate` and the first accounts: migrated, the
        // demo cohort loaded, an administrator. Then A and B start at the same moment, so both reminder schedulers
        // make their start-up run on the same day at once.
        await Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(30));
        await published;
        await Services.GetRequiredService<DemoCohort>().LoadIfEmptyAsync(Path.Combine(PublishedFolder, "DemoData", "cohort-demo.csv"));
        await using (var scope = Services.CreateAsyncScope())
        {
            var admin = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync("e2e-operator", "E2E operator", null, [Roles.Admin], "e2e", mustChangePassword: false);
            if (!admin.Succeeded) throw new InvalidOperationException(string.Join("; ", admin.Errors));
        }
        var startA = WebProcess.StartAsync("A", PublishedFolder, WebProcess.FreePort(), environment);
        var startB = WebProcess.StartAsync("B", PublishedFolder, WebProcess.FreePort(), environment);
        A = await startA;
        B = await startB;
        Browser = await browser;
        // Expectations wait up to 15 s, as in the browser suite's other fixture (a save's round trip on a loaded
        // 2-core machine can take more than Playwright's 5 s); the 3 s of live refresh are asserted with their own timeout.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    private async Task<IBrowser> LaunchBrowserAsync()
    {
        _playwright = await Playwright.CreateAsync();
        return await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Runs the `pvp` tool as its own process against the shared database.</summary>
    public Task<string> PvpAsync(params string[] args) =>
        ChildProcess.RunAsync("dotnet", [_pvp, .. args], new() { ["ConnectionStrings__Registry"] = ConnectionString, ["Database__Provider"] = Provider.ToString() });

    /// <summary>
    /// A new page of the researcher signed in once on A (its cookie goes to both instances: cookies are per host, not
    /// per port), at <paramref name="url"/> once interactive.
    /// </summary>
    public Task<IPage> ResearcherPageAsync(string url) => PageAsync(_researcher ??= SignInAsync(Roles.Researcher), url);

    /// <summary>As <see cref="ResearcherPageAsync"/>, for the nurse.</summary>
    public Task<IPage> NursePageAsync(string url) => PageAsync(_nurse ??= SignInAsync(Roles.Nurse), url);

    private async Task<IBrowserContext> SignInAsync(string role)
    {
        var page = (await AppFixture.SignInNewAccountAsync(Services, Browser, A.BaseUrl, null, startPage: null, [role])).Page;
        await page.CloseAsync();
        return page.Context;
    }

    private static async Task<IPage> PageAsync(Task<IBrowserContext> signedIn, string url)
    {
        var page = await (await signedIn).NewPageAsync();
        await AppFixture.GotoInteractiveAsync(page, url);
        return page;
    }

    public async Task<RegistryDbContext> NewContextAsync() =>
        await Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        A?.Dispose();
        B?.Dispose();
        if (_services is not null) await _services.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PvpRegistry.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (PvpRegistry.sln) is not above the test assembly.");
    }
}

[CollectionDefinition(Name)]
public class TwoInstancesCollection : ICollectionFixture<TwoInstancesFixture>
{
    public const string Name = "two-instances";
}
