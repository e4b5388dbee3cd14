using System.Security.Cryptography;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;
using PvpRegistry.Core;

namespace PvpRegistry.Data.Reminders;

/// <summary>
/// Sends the outbox over SMTP (MailKit). A message is claimed with a conditional update (so two instances never
/// send it at once), marked Sent only after the server accepted it, and otherwise marked Failed with the error and
/// a next attempt after an exponential back-off; it is never dropped. Its Message-Id is derived from its dedup key,
/// so in the one window nothing can close (a crash after the server accepted, before the row was updated) the
/// re-send carries the same Message-Id and mail systems treat it as the same message.
/// </summary>
public class OutboxSender(IDbContextFactory<RegistryDbContext> dbFactory, ReminderSettings settings, TimeProvider time, ILogger<OutboxSender> logger)
{
    /// <summary>Sends every message that is due; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var options = await settings.CurrentAsync(ct);
        if (!options.EmailEnabled) return 0;
        var now = time.GetUtcNow().UtcDateTime;
        List<int> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = await db.Outbox.AsNoTracking()
                .Where(m => (m.State == OutboxState.Pending || m.State == OutboxState.Failed) && (m.NextAttemptAtUtc == null || m.NextAttemptAtUtc <= now))
                .OrderBy(m => m.Id).Select(m => m.Id).ToListAsync(ct);
        }
        int sent = 0;
        foreach (var id in due)
        {
            ct.ThrowIfCancellationRequested();
            if (await SendOneAsync(id, options, ct)) sent++;
            else if (await IsFailedNowAsync(id, ct)) break; // the server is down: the rest wait for their own next attempt
        }
        return sent;
    }

    private async Task<bool> IsFailedNowAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Outbox.AnyAsync(m => m.Id == id && m.State == OutboxState.Failed, ct);
    }

    private async Task<bool> SendOneAsync(int id, ReminderOptions options, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var lease = now + options.SendLease;
        OutboxMessage? message;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Claim: only one sender moves the message's next attempt forward from a due time.
            int claimed = await db.Outbox
                .Where(m => m.Id == id && (m.State == OutboxState.Pending || m.State == OutboxState.Failed) && (m.NextAttemptAtUtc == null || m.NextAttemptAtUtc <= now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAtUtc, lease).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            if (claimed == 0) return false;
            message = await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id, ct);
        }

        try
        {
            await SmtpSendAsync(options.Smtp, ToMime(message, options.Smtp.From), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var retryAt = time.GetUtcNow().UtcDateTime + options.RetryDelay(message.Attempts);
            logger.LogWarning("Sending outbox message {Id} ({Key}) to {Recipient} failed (attempt {Attempt}); next attempt at {RetryAt:o}: {Error}",
                message.Id, message.DedupKey, message.Recipient, message.Attempts, retryAt, ex.Message);
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var error = ex.GetType().Name + ": " + ex.Message;
            if (error.Length > 1000) error = error[..1000];
            await db.Outbox.Where(m => m.Id == id && m.State != OutboxState.Sent)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Failed).SetProperty(m => m.NextAttemptAtUtc, retryAt).SetProperty(m => m.LastError, error), CancellationToken.None);
            return false;
        }

        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            var sentAt = time.GetUtcNow().UtcDateTime;
            await db.Outbox.Where(m => m.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Sent).SetProperty(m => m.SentAtUtc, sentAt).SetProperty(m => m.NextAttemptAtUtc, (DateTime?)null), CancellationToken.None);
        }
        logger.LogInformation("Sent outbox message {Id} ({Key}) to {Recipient}", message.Id, message.DedupKey, message.Recipient);
        return true;
    }

    public static MimeMessage ToMime(OutboxMessage message, string from)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(from));
        mime.To.Add(MailboxAddress.Parse(message.Recipient));
        mime.Subject = message.Subject;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.DedupKey)))[..32];
        mime.MessageId = $"{hash}@pvpregistry.invalid";
        mime.Headers.Add("X-PvpRegistry-Key", message.DedupKey);
        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        return mime;
    }

    /// <summary>Sends one message straight away (also the admin's "send test e-mail"); throws when the server does not accept it.</summary>
    public static async Task SmtpSendAsync(SmtpOptions smtp, MimeMessage mime, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        var secure = smtp.TlsMode switch
        {
            SmtpTlsMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
            SmtpTlsMode.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };
        await client.ConnectAsync(smtp.Host, smtp.Port, secure, ct);
        if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password, ct);
        await client.SendAsync(mime, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    /// <summary>The admin's "send test e-mail": straight to the server, not through the outbox; returns the error, if any.</summary>
    public async Task<string?> SendTestAsync(string recipient, CancellationToken ct = default)
    {
        var options = await settings.CurrentAsync(ct);
        if (!options.EmailEnabled) return "E-mail is not configured: set the SMTP host and the sender.";
        try
        {
            var mime = ToMime(new OutboxMessage
            {
                DedupKey = $"test:{Guid.NewGuid():N}", Recipient = recipient, Subject = "PvpRegistry test e-mail",
                TextBody = "This is a test e-mail from PvpRegistry: the reminder digest will arrive the same way.",
                HtmlBody = "<p>This is a test e-mail from PvpRegistry: the reminder digest will arrive the same way.</p>",
            }, options.Smtp.From);
            await SmtpSendAsync(options.Smtp, mime, ct);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Test e-mail to {Recipient} failed: {Error}", recipient, ex.Message);
            return DescribeFailure(options.Smtp, ex);
        }
    }

    /// <summary>What went wrong talking to the SMTP server, naming the setting to check rather than the raw socket message.</summary>
    public static string DescribeFailure(SmtpOptions smtp, Exception ex)
    {
        string server = $"{smtp.Host}:{smtp.Port}";
        return ex switch
        {
            System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.TryAgain or System.Net.Sockets.SocketError.NoData } =>
                $"The SMTP host '{smtp.Host}' was not found: check the SMTP host (Reminders:Smtp:Host).",
            System.Net.Sockets.SocketException =>
                $"Nothing accepted a connection at {server}: check the SMTP host and port (Reminders:Smtp:Host, Reminders:Smtp:Port).",
            TimeoutException or OperationCanceledException =>
                $"The SMTP server at {server} did not answer in time: check the SMTP host and port (Reminders:Smtp:Host, Reminders:Smtp:Port).",
            MailKit.Security.SslHandshakeException =>
                $"The secure connection to {server} failed: check the TLS mode and the port (Reminders:Smtp:TlsMode, Reminders:Smtp:Port).",
            MailKit.Security.AuthenticationException =>
                "The SMTP server refused the sign-in: check Reminders:Smtp:User and Reminders:Smtp:Password.",
            MailKit.Net.Smtp.SmtpCommandException command =>
                $"The SMTP server refused the message ({(int)command.StatusCode}): {command.Message} Check the sender (Reminders:Smtp:From) and the recipient.",
            MailKit.Net.Smtp.SmtpProtocolException =>
                $"The server at {server} does not speak SMTP as expected: check the SMTP port and TLS mode (Reminders:Smtp:Port, Reminders:Smtp:TlsMode).",
            _ => ex.Message,
        };
    }
}
