using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PvpRegistry.E2E.Infrastructure;

/// <summary>One web instance: the published app as its own process on a loopback port, its console output kept.</summary>
public sealed class WebProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private WebProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>A loopback port free at the time of asking.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<WebProcess> StartAsync(string name, string publishedFolder, int port, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = publishedFolder };
        start.ArgumentList.Add(Path.Combine(publishedFolder, "PvpRegistry.Web.dll"));
        foreach (var (k, v) in environment) start.Environment[k] = v;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        var instance = new WebProcess(Process.Start(start)!, $"http://127.0.0.1:{port}");
        instance._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (instance._log) instance._log.AppendLine(e.Data); };
        instance._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (instance._log) instance._log.AppendLine(e.Data); };
        instance._process.BeginOutputReadLine();
        instance._process.BeginErrorReadLine();

        // Ready: the database answers with every migration applied (the load balancer's check).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            if (instance._process.HasExited) throw new InvalidOperationException($"Instance {name} exited:\n{instance.Log}");
            try
            {
                if ((await http.GetAsync(instance.BaseUrl + "/health/ready")).IsSuccessStatusCode) return instance;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Instance {name} was not ready in 2 minutes:\n{instance.Log}");
            await Task.Delay(250);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}

/// <summary>Other programs the tests run as processes of their own (dotnet publish, pvp).</summary>
public static class ChildProcess
{
    /// <summary>Runs a program to its end (5 minutes at most) and returns its standard output; fails with its output when it fails.</summary>
    public static Task<string> RunAsync(string file, params string[] args) => RunAsync(file, args, []);

    public static async Task<string> RunAsync(string file, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        return await stdout;
    }
}
