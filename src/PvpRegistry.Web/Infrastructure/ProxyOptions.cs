using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace PvpRegistry.Web;

/// <summary>
/// Configuration section "Proxy": the app behind a reverse proxy that terminates HTTPS. When enabled, X-Forwarded-For
/// and X-Forwarded-Proto from the listed proxies (loopback when none are listed) give the client address (for the
/// sign-in rate limits and the logs) and the scheme (so cookies are Secure and HSTS is sent over HTTPS).
/// </summary>
public class ProxyOptions
{
    public const string Section = "Proxy";

    public bool Enabled { get; set; }

    /// <summary>Addresses of the proxies whose forwarded headers are believed, e.g. "10.0.0.5".</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR notation, e.g. "172.16.0.0/12" for a container network.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public void ApplyTo(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        foreach (var proxy in KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
    }
}
