using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using PvpRegistry.Data;

// The suite's four collections (two shared apps, the fresh app, the two published instances) run one after another.
// Run at once (four threads), the same tests took 815 CPU s and 417 s on two cores instead of 603 CPU s and 347 s:
// four browsers and four servers competing make every page wait longer, and a waiting page still costs CPU.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

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

    /// <summary>The started app of each fixture type (one per collection), for <see cref="ReleasesItsPagesAfterEachTestAttribute"/>.</summary>
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

    /// <summary>
    /// A page of its own on a laptop-sized viewport, signed in to no account, already waiting for the app to become
    /// interactive after each navigation: a tab an earlier test left (blank, its cookies and storage cleared) when one
    /// in <paramref name="locale"/> is free, otherwise a new browser context.
    /// </summary>
    /// <param name="locale">The browser's locale (e.g. de-DE); the browser's default when null.</param>
    public Task<IPage> NewPageAsync(int width = 1366, int height = 900, string? locale = null) =>
        OpenPageAsync(new ViewportSize { Width = width, Height = height }, locale);

    // Tabs of earlier tests, blank and signed out, for the next test in their context's locale. A new tab costs chromium
    // about 2 CPU s to start its renderer, more than the pages of a short test; a tab kept open loads the next test's
    // pages in the same renderer, as a user's browser would.
    private readonly List<IPage> _freeTabs = [];
    // The open contexts this fixture opened, with their locale (empty for the browser's default): only their tabs are reused.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IBrowserContext, string> _contextLocales = new();
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, object> NotReusable = new();

    private async Task<IPage> OpenPageAsync(ViewportSize viewport, string? locale)
    {
        IPage? page = null;
        lock (_freeTabs)
        {
            int i = _freeTabs.FindIndex(tab => _contextLocales.TryGetValue(tab.Context, out var tabLocale) && tabLocale == (locale ?? ""));
            if (i >= 0) { page = _freeTabs[i]; _freeTabs.RemoveAt(i); }
        }
        if (page is not null)
        {
            await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
            return page;
        }
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = viewport, Locale = locale });
        _contextLocales[context] = locale ?? "";
        context.Close += (_, _) => _contextLocales.TryRemove(context, out _);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Keeps <paramref name="page"/> from being handed to a later test: for a test that changes the tab in a way
    /// clearing cookies and storage does not undo (touch emulated through a CDP session, routes, emulated media).
    /// </summary>
    public static void DoNotReuse(IPage page) => NotReusable.AddOrUpdate(page, true);

    /// <summary>Makes <paramref name="page"/> a touch screen (coarse pointer, no hover), as a tablet is; the tab is not reused.</summary>
    public static async Task EmulateTouchAsync(IPage page)
    {
        DoNotReuse(page);
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Emulation.setTouchEmulationEnabled", new Dictionary<string, object> { ["enabled"] = true, ["maxTouchPoints"] = 5 });
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
        (await SignInNewAccountAsync(locale, startPage, roles)).Page;

    /// <summary>As <see cref="SignedInPageAtAsync"/>, on a laptop screen of 1366 x 768 from the start.</summary>
    public async Task<IPage> SignedInLaptopPageAtAsync(string startPage, params string[] roles) =>
        (await SignInNewAccountAsync(null, startPage, roles, Laptop)).Page;

    /// <summary>As <see cref="SignedInPageInLocaleAsync"/>, with the new account's user name (to change the account meanwhile).</summary>
    public Task<(IPage Page, string UserName)> SignedInAccountAsync(string? locale, params string[] roles) =>
        SignInNewAccountAsync(locale, startPage: null, roles);

    /// <summary>The laptop screen the layout is made for.</summary>
    public static ViewportSize Laptop => new() { Width = 1366, Height = 768 };

    /// <summary>The viewport of a page unless a test asks for another: the laptop's width, taller.</summary>
    private static ViewportSize Default => new() { Width = 1366, Height = 900 };

    /// <summary>
    /// The sign-in of the browser tests on an app in another process (the published instances): a new account with the
    /// given roles, created through the app's own account service in <paramref name="services"/>, signed in through the
    /// login form of the app at <paramref name="baseUrl"/> on a fresh page of <paramref name="browser"/> (1366 x 900
    /// unless <paramref name="viewport"/> is given, in <paramref name="locale"/> when given), at
    /// <paramref name="startPage"/> when given (otherwise at the roles' start page), once interactive.
    /// </summary>
    public static async Task<(IPage Page, string UserName)> SignInNewAccountAsync(IServiceProvider services, IBrowser browser, string baseUrl, string? locale, string? startPage, string[] roles, ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = viewport ?? Default, Locale = locale });
        var page = await context.NewPageAsync();
        var (name, password) = await CreateAccountAsync(services, roles);
        await page.GotoAsync(startPage is null ? "/account/login" : $"/account/login?returnUrl={Uri.EscapeDataString(startPage)}");
        await page.FillAsync("#username", name);
        await page.FillAsync("#password", password);
        await page.PressAsync("#password", "Enter");
        await WaitUntilInteractiveAsync(page);
        return (page, name);
    }

    /// <summary>
    /// The sign-in of the browser tests on this app: a new account with the given roles on a page of this app's own (see
    /// <see cref="NewPageAsync"/>), holding the session cookie the app's sign-in issues for it (the app's claims factory,
    /// cookie options and data protection; no password check), at <paramref name="startPage"/> when given (otherwise at
    /// the roles' start page), once interactive. The login form itself is tested where it is the subject (AccountTests,
    /// SessionTests, DemoAndAdminSafetyTests, AccessibilityTests, ChineseMorningTests, ScaleOutTests). Going through it
    /// for every test (its page, the password hash, the redirect) cost the suite 7% more CPU (579-598 against 522-571 s).
    /// </summary>
    private async Task<(IPage Page, string UserName)> SignInNewAccountAsync(string? locale, string? startPage, string[] roles, ViewportSize? viewport = null)
    {
        var page = await OpenPageAsync(viewport ?? Default, locale);
        var (name, _) = await CreateAccountAsync(Services, roles);
        await page.Context.AddCookiesAsync([await SessionCookieAsync(name)]);
        await GotoInteractiveAsync(page, startPage ?? "/");
        return (page, name);
    }

    /// <summary>A new account with the given roles, created through the app's own account service; its name and one-time password.</summary>
    private static async Task<(string Name, string Password)> CreateAccountAsync(IServiceProvider services, string[] roles)
    {
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<PvpRegistry.Data.Users.UserAccounts>();
        // The roles (cut to 18 characters), then 11 random ones: unique even for several roles, at most 30 characters.
        string prefix = $"e2e-{string.Join("-", roles).ToLowerInvariant()}";
        string name = $"{prefix[..Math.Min(prefix.Length, 18)]}-{Guid.NewGuid():N}"[..30];
        var created = await accounts.CreateAsync(name, $"E2E {string.Join("/", roles)}", null, roles, "e2e", mustChangePassword: false);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors));
        return (name, created.OneTimePassword!);
    }

    /// <summary>The session cookie this app's sign-in gives the account <paramref name="userName"/>, as SignInManager.SignInAsync makes it.</summary>
    private async Task<Cookie> SessionCookieAsync(string userName)
    {
        await using var scope = Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<RegistryUser>>();
        var user = await signIn.UserManager.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No account {userName}.");
        var principal = await signIn.CreateUserPrincipalAsync(user);
        var options = scope.ServiceProvider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var now = (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.ExpireTimeSpan },
            IdentityConstants.ApplicationScheme);
        return new Cookie
        {
            Name = options.Cookie.Name!, Value = options.TicketDataFormat.Protect(ticket), Url = BaseUrl, HttpOnly = true,
            SameSite = options.Cookie.SameSite == SameSiteMode.Strict ? SameSiteAttribute.Strict : SameSiteAttribute.Lax,
        };
    }

    private static Task WaitUntilInteractiveAsync(IPage page) =>
        page.WaitForSelectorAsync("#app-ready[data-interactive=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });

    public static async Task GotoInteractiveAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitUntilInteractiveAsync(page);
    }

    /// <summary>
    /// Ends what a test left open on this app's browser: a tab of this fixture's, alone in its context, is cleared
    /// (storage, then a blank page, which ends its circuit on the server, then cookies, so it is signed in to nothing)
    /// and kept for the next test; every other context is closed (its pages, and so their circuits).
    /// </summary>
    internal async Task ReleasePagesAsync()
    {
        foreach (var context in Browser.Contexts.ToList())
        {
            lock (_freeTabs) if (_freeTabs.Any(tab => tab.Context == context)) continue;
            if (_contextLocales.ContainsKey(context) && context.Pages is [var page] && !NotReusable.TryGetValue(page, out _))
            {
                try
                {
                    if (page.Url.StartsWith(BaseUrl, StringComparison.Ordinal))
                        await page.EvaluateAsync("() => { localStorage.clear(); sessionStorage.clear(); }");
                    await page.GotoAsync("about:blank");
                    await context.ClearCookiesAsync();
                    lock (_freeTabs) _freeTabs.Add(page);
                    continue;
                }
                catch (PlaywrightException) { }
            }
            await context.CloseAsync();
        }
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
[ReleasesItsPagesAfterEachTest(typeof(AppFixture))]
public class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}

/// <summary>
/// A second shared app like <see cref="AppCollection"/>'s, for half of its test classes: the two halves run at once
/// instead of one long collection one test after another.
/// </summary>
[CollectionDefinition(Name)]
[ReleasesItsPagesAfterEachTest(typeof(SecondAppFixture))]
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
[ReleasesItsPagesAfterEachTest(typeof(FreshAppFixture))]
public class FreshAppCollection : ICollectionFixture<FreshAppFixture>
{
    public const string Name = "fresh app";
}

/// <summary>The app of <see cref="FreshAppCollection"/>.</summary>
public sealed class FreshAppFixture : AppFixture;

/// <summary>
/// After each test of a collection, the pages its test opened on the collection's app are left (blank and signed out,
/// kept for the next test) or closed: a page left open keeps its Blazor circuit on the server (re-checked every 2 s,
/// re-rendered on every registry change) until the end of the run, and later tests would pay for every page of the
/// earlier ones.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ReleasesItsPagesAfterEachTestAttribute(Type fixture) : Xunit.Sdk.BeforeAfterTestAttribute
{
    public override void After(System.Reflection.MethodInfo methodUnderTest) =>
        Task.Run(() => AppFixture.Running[fixture].ReleasePagesAsync()).GetAwaiter().GetResult();
}
