using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace PvpRegistry.Data.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback, speaking just enough of the protocol (EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET,
/// NOOP, QUIT) to receive what MailKit sends, and keeping each accepted message. Set <see cref="Down"/> to act as
/// an outage: each connection is answered "421" and closed, so nothing is accepted.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public ConcurrentQueue<(string From, IReadOnlyList<string> To, MimeMessage Message)> Received { get; } = new();
    public volatile bool Down;
    private int _refused;
    public int Refused => _refused;
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public SmtpSink()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.Latin1);
            var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
            try
            {
                if (Down)
                {
                    Interlocked.Increment(ref _refused);
                    await writer.WriteLineAsync("421 sink.test Service not available, closing transmission channel");
                    return;
                }
                await writer.WriteLineAsync("220 sink.test ESMTP ready");
                string from = "";
                var to = new List<string>();
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                            await writer.WriteLineAsync("250-sink.test greets you");
                            await writer.WriteLineAsync("250 8BITMIME");
                            break;
                        case "HELO": await writer.WriteLineAsync("250 sink.test"); break;
                        case "MAIL": from = Address(line); to.Clear(); await writer.WriteLineAsync("250 OK"); break;
                        case "RCPT": to.Add(Address(line)); await writer.WriteLineAsync("250 OK"); break;
                        case "DATA":
                            await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                            var data = new StringBuilder();
                            while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                                data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                            var message = await MimeMessage.LoadAsync(new MemoryStream(Encoding.Latin1.GetBytes(data.ToString())));
                            Received.Enqueue((from, to.ToList(), message));
                            await writer.WriteLineAsync("250 OK queued");
                            break;
                        case "RSET": from = ""; to.Clear(); await writer.WriteLineAsync("250 OK"); break;
                        case "NOOP": await writer.WriteLineAsync("250 OK"); break;
                        case "QUIT": await writer.WriteLineAsync("221 Bye"); return;
                        default: await writer.WriteLineAsync("502 Command not implemented"); break;
                    }
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested) { }
            catch (IOException) { }
        }
    }

    private static string Address(string line)
    {
        int open = line.IndexOf('<'), close = line.IndexOf('>');
        return open >= 0 && close > open ? line[(open + 1)..close] : line[(line.IndexOf(':') + 1)..].Trim();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _accepting; } catch (Exception) { }
        _stop.Dispose();
    }
}
