using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

// The suite's four collections (two shared apps, the fresh app, the two published instances) each run on a thread of
// their own from the start: with one thread a core, the long shared-app collection waited for the short ones.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]

namespace PvpRegistry.E2E.Infrastructure;

/// <summary>
/// The real app on a loopback Kestrel port with its own SQLite file and the demo cohort, and a
/// headless Debian chromium driven by Playwright (no browser download).
/// </summary>
public class AppFixture : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "pvp-e2e-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public IServiceProvider Services => _factory!.Services;

    /// <summary>Screenshots go here, to be looked at after a run.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>The started app of each fixture type (one per collection), for <see cref="ClosesItsPagesAfterEachTestAttribute"/>.</summary>
    internal static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, AppFixture> Running = new();

    public async Task InitializeAsync()
    {
        Running[GetType()] = this;
        Directory.CreateDirectory(_dataFolder);
        Directory.CreateDirectory(ScreenshotFolder);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseStaticWebAssets();
            b.UseSetting("ConnectionStrings:Registry", $"Data Source={Path.Combine(_dataFolder, "registry.db")};Pooling=False");
            b.UseSetting("Logging:Console:FormatterName", "simple");
            // The tests sign in many accounts from loopback within a minute.
            b.UseSetting("Security:SignInRateLimit:PerAddress", "10000");
            // Open pages re-check their account every 2 s instead of every minute, so a test sees a disabled account's page end.
            b.UseSetting("Security:CircuitRevalidationSeconds", "2");
            // A free loopback port of its own, so a running app (or another test run) on the default port never collides.
            b.UseSetting("urls", "http://127.0.0.1:0");
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1");

        // Expectations wait up to 15 s (Playwright's default is 5 s): on a loaded 2-core machine a server round trip
        // can take seconds, and a timeout there says nothing about the app. Speed is measured in bench/, not here.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh page on a laptop-sized viewport, already waiting for the app to become interactive after each navigation.</summary>
    /// <param name="locale">The browser's locale (e.g. de-DE); the browser's default when null.</param>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 900, string? locale = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = locale });
        return await context.NewPageAsync();
    }

    /// <summary>A new account with the given roles (created through the app's own account service), signed in on a fresh page, at the roles' start page.</summary>
    public Task<IPage> SignedInPageAsync(params string[] roles) => SignedInPageInLocaleAsync(null, roles);

    /// <summary>As <see cref="SignedInPageAsync"/>, in a browser set to <paramref name="locale"/>.</summary>
    public async Task<IPage> SignedInPageInLocaleAsync(string? locale, params string[] roles) => (await SignedInAccountAsync(locale, roles)).Page;

    /// <summary>
    /// As <see cref="SignedInPageAsync"/>, arriving at <paramref name="startPage"/> instead (the sign-in's return address),
    /// once interactive: the page a test works on is the first one loaded, not the second.
    /// </summary>
    public Task<IPage> SignedInPageAtAsync(string startPage, params string[] roles) => SignedInPageInLocaleAtAsync(null, startPage, roles);

    /// <summary>As <see cref="SignedInPageAtAsync"/>, in a browser set to <paramref name="locale"/>.</summary>
    public async Task<IPage> SignedInPageInLocaleAtAsync(string? locale, string startPage, params string[] roles) =>
        (await SignInNewAccountAsync(Services, Browser, BaseUrl, locale, startPage, roles)).Page;

    /// <summary>As <see cref="SignedInPageAtAsync"/>, on a laptop screen of 1366 x 768 from the start.</summary>
    public async Task<IPage> SignedInLaptopPageAtAsync(string startPage, params string[] roles) =>
        (await SignInNewAccountAsync(Services, Browser, BaseUrl, null, startPage, roles, Laptop)).Page;

    /// <summary>As <see cref="SignedInPageInLocaleAsync"/>, with the new account's user name (to change the account meanwhile).</summary>
    public Task<(IPage Page, string UserName)> SignedInAccountAsync(string? locale, params string[] roles) =>
        SignInNewAccountAsync(Services, Browser, BaseUrl, locale, startPage: null, roles);

    /// <summary>The laptop screen the layout is made for.</summary>
    public static ViewportSize Laptop => new() { Width = 1366, Height = 768 };

    /// <summary>
    /// The one sign-in of the browser tests: a new account with the given roles, created through the app's own account
    /// service in <paramref name="services"/>, signed in through the login form of the app at <paramref name="baseUrl"/>
    /// on a fresh page of <paramref name="browser"/> (1366 x 900 unless <paramref name="viewport"/> is given, in
    /// <paramref name="locale"/> when given), at <paramref name="startPage"/> when given (otherwise at the roles' start
    /// page), once interactive.
    /// </summary>
    public static async Task<(IPage Page, string UserName)> SignInNewAccountAsync(IServiceProvider services, IBrowser browser, string baseUrl, string? locale, string? startPage, string[] roles, ViewportSize? viewport = null)
    {
        string name, password;
        await using (var scope = services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<PvpRegistry.Data.Users.UserAccounts>();
            // The roles (cut to 18 characters), then 11 random ones: unique even for several roles, at most 30 characters.
            string prefix = $"e2e-{string.Join("-", roles).ToLowerInvariant()}";
            name = $"{prefix[..Math.Min(prefix.Length, 18)]}-{Guid.NewGuid():N}"[..30];
            var created = await accounts.CreateAsync(name, $"E2E {string.Join("/", roles)}", null, roles, "e2e", mustChangePassword: false);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors));
            password = created.OneTimePassword!;
        }
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = viewport ?? new ViewportSize { Width = 1366, Height = 900 }, Locale = locale });
        var page = await context.NewPageAsync();
        await page.GotoAsync(startPage is null ? "/account/login" : $"/account/login?returnUrl={Uri.EscapeDataString(startPage)}");
        await page.FillAsync("#username", name);
        await page.FillAsync("#password", password);
        await page.PressAsync("#password", "Enter");
        await page.WaitForSelectorAsync("#app-ready[data-interactive=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        return (page, name);
    }

    public static async Task GotoInteractiveAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForSelectorAsync("#app-ready[data-interactive=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
    }

    /// <summary>Closes every browser context (its pages, and so their circuits) open on this app's browser.</summary>
    internal async Task CloseBrowserContextsAsync()
    {
        foreach (var context in Browser.Contexts.ToList()) await context.CloseAsync();
    }

    public async Task DisposeAsync()
    {
        Running.TryRemove(GetType(), out _);
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
[ClosesItsPagesAfterEachTest(typeof(AppFixture))]
public class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}

/// <summary>
/// A second shared app like <see cref="AppCollection"/>'s, for half of its test classes: the two halves run at once
/// instead of one long collection one test after another.
/// </summary>
[CollectionDefinition(Name)]
[ClosesItsPagesAfterEachTest(typeof(SecondAppFixture))]
public class SecondAppCollection : ICollectionFixture<SecondAppFixture>
{
    public const string Name = "second app";
}

/// <summary>The app of <see cref="SecondAppCollection"/>.</summary>
public sealed class SecondAppFixture : AppFixture;

/// <summary>
/// A second app of its own for tests that change the registry as a whole (demo accounts retired, the only active
/// admin, Start empty): the shared app's other tests add patients and admins, which would decide these tests.
/// </summary>
[CollectionDefinition(Name)]
[ClosesItsPagesAfterEachTest(typeof(FreshAppFixture))]
public class FreshAppCollection : ICollectionFixture<FreshAppFixture>
{
    public const string Name = "fresh app";
}

/// <summary>The app of <see cref="FreshAppCollection"/>.</summary>
public sealed class FreshAppFixture : AppFixture;

/// <summary>
/// After each test of a collection, the browser contexts its test opened on the collection's app are closed: a page
/// left open keeps its Blazor circuit on the server (re-checked every 2 s, re-rendered on every registry change)
/// until the end of the run, and later tests would pay for every page of the earlier ones.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ClosesItsPagesAfterEachTestAttribute(Type fixture) : Xunit.Sdk.BeforeAfterTestAttribute
{
    public override void After(System.Reflection.MethodInfo methodUnderTest) =>
        Task.Run(() => AppFixture.Running[fixture].CloseBrowserContextsAsync()).GetAwaiter().GetResult();
}
