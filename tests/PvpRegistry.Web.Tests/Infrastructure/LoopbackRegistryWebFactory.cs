using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace PvpRegistry.Web.Tests.Infrastructure;

/// <summary>
/// The app on a loopback Kestrel port, as deployed behind a reverse proxy on the same machine: forwarded headers on
/// (loopback is the trusted proxy), a fixed list of allowed host names and a small sign-in rate limit per address.
/// </summary>
public sealed class LoopbackRegistryWebFactory : RegistryWebFactory
{
    public const string PublicHost = "registry.example";
    public const int SignInsPerAddress = 12;

    public LoopbackRegistryWebFactory()
    {
        SeedDemoData = false;
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
    }

    public Uri BaseAddress { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Proxy:Enabled", "true");
        builder.UseSetting("AllowedHosts", $"{PublicHost};127.0.0.1");
        builder.UseSetting("Security:SignInRateLimit:PerAddress", SignInsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A client of the loopback port that keeps its cookies (and follows no redirects).</summary>
    public HttpClient LoopbackClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = BaseAddress };
}
