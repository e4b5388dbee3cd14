using System.Globalization;
using PvpRegistry.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace PvpRegistry.Data.Reminders;

/// <summary>What an admin may change at run time; null = keep the configured value.</summary>
public record ReminderOverrides(string? RunAt, string? Coordinator, bool? IncludeIdentifiers, string? SmtpHost, int? SmtpPort, SmtpTlsMode? SmtpTlsMode, string? SmtpFrom);

/// <summary>One user's digest opt-in, for the admin page.</summary>
public record DigestRecipient(string UserName, string DisplayName, string? Email, bool ReceivesDigest, bool IsDisabled);

/// <summary>
/// The reminder options in force: configuration ("Reminders" section) with the admin's overrides from the
/// Settings table on top. Credentials are never stored here.
/// </summary>
public class ReminderSettings(IOptionsMonitor<ReminderOptions> configured, IDbContextFactory<RegistryDbContext> dbFactory)
{
    public const string Prefix = "Reminders:";
    public const string LastRunKey = "Reminders:LastRunDate";
    private const string RunAtKey = Prefix + "RunAt", CoordinatorKey = Prefix + "Coordinator", IdentifiersKey = Prefix + "IncludeIdentifiers",
        HostKey = Prefix + "Smtp:Host", PortKey = Prefix + "Smtp:Port", TlsKey = Prefix + "Smtp:TlsMode", FromKey = Prefix + "Smtp:From";

    public ReminderOptions Configured => configured.CurrentValue;

    public async Task<ReminderOptions> CurrentAsync(CancellationToken ct = default)
    {
        var options = configured.CurrentValue.Clone();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var values = await db.Settings.AsNoTracking().Where(s => s.Key.StartsWith(Prefix)).ToDictionaryAsync(s => s.Key, s => s.Value, ct);
        if (values.TryGetValue(RunAtKey, out var runAt)) options.RunAt = runAt;
        if (values.TryGetValue(CoordinatorKey, out var coordinator)) options.Coordinator = coordinator;
        if (values.TryGetValue(IdentifiersKey, out var ids) && bool.TryParse(ids, out var include)) options.IncludeIdentifiers = include;
        if (values.TryGetValue(HostKey, out var host)) options.Smtp.Host = host;
        if (values.TryGetValue(PortKey, out var port) && int.TryParse(port, CultureInfo.InvariantCulture, out var p)) options.Smtp.Port = p;
        if (values.TryGetValue(TlsKey, out var tls) && Enum.TryParse<SmtpTlsMode>(tls, out var mode)) options.Smtp.TlsMode = mode;
        if (values.TryGetValue(FromKey, out var from)) options.Smtp.From = from;
        return options;
    }

    /// <summary>Saves the admin's overrides (the caller checks the Admin role) and records them in the audit trail.</summary>
    public async Task SaveAsync(ReminderOverrides o, string actor, CancellationToken ct = default)
    {
        if (o.RunAt is not null && !TimeOnly.TryParseExact(o.RunAt, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw new RefusedException(new("reminders_run_time"));
        if (o.SmtpPort is < 1 or > 65535) throw new RefusedException(new("reminders_smtp_port"));
        if (Users.EmailAddressRule.Problem(o.Coordinator) is { } coordinatorProblem) throw new RefusedException(coordinatorProblem);
        if (!string.IsNullOrWhiteSpace(o.SmtpFrom) && !MimeKit.MailboxAddress.TryParse(o.SmtpFrom, out _))
            throw new RefusedException(new("reminders_sender_invalid", o.SmtpFrom));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changes = new Dictionary<string, string?>
        {
            [RunAtKey] = o.RunAt, [CoordinatorKey] = o.Coordinator?.Trim(), [IdentifiersKey] = o.IncludeIdentifiers?.ToString(),
            [HostKey] = o.SmtpHost?.Trim(), [PortKey] = o.SmtpPort?.ToString(CultureInfo.InvariantCulture), [TlsKey] = o.SmtpTlsMode?.ToString(),
            [FromKey] = o.SmtpFrom?.Trim(),
        };
        var existing = await db.Settings.Where(s => changes.Keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, ct);
        foreach (var (key, value) in changes)
        {
            existing.TryGetValue(key, out var row);
            var before = row?.Value;
            if (before == value) continue;
            if (value is null) db.Settings.Remove(row!);
            else if (row is null) db.Settings.Add(new RegistrySetting { Key = key, Value = value });
            else row.Value = value;
            db.AuditTrail.Add(new Core.AuditEntry
            {
                AtUtc = db.Clock.GetUtcNow().UtcDateTime, User = actor, Action = "setting_changed", Entity = "Setting", RecordKey = key,
                OldValue = before, NewValue = value,
            });
        }
        await db.SaveChangesAsync(ct);
    }

    public async Task<List<DigestRecipient>> RecipientsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().OrderBy(u => u.UserName)
            .Select(u => new DigestRecipient(u.UserName!, u.DisplayName, u.Email, u.ReceivesReminderDigest, u.IsDisabled))
            .ToListAsync(ct);
    }

    /// <summary>Sets a user's e-mail address and digest opt-in (the caller checks the Admin role).</summary>
    public async Task SetOptInAsync(string userName, string? email, bool receivesDigest, string actor, CancellationToken ct = default)
    {
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        if (Users.EmailAddressRule.Problem(email) is { } emailProblem) throw new RefusedException(emailProblem);
        if (receivesDigest && email is null) throw new RefusedException(new("reminders_digest_needs_email"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == userName, ct) ?? throw new RefusedException(new("no_account", userName));
        var before = $"{user.Email}; digest={user.ReceivesReminderDigest}";
        user.Email = email;
        user.NormalizedEmail = email?.ToUpperInvariant();
        user.ReceivesReminderDigest = receivesDigest;
        db.AuditTrail.Add(new Core.AuditEntry
        {
            AtUtc = db.Clock.GetUtcNow().UtcDateTime, User = actor, Action = "user_digest_opt_in", Entity = "User", RecordKey = userName,
            OldValue = before, NewValue = $"{email}; digest={receivesDigest}",
        });
        await db.SaveChangesAsync(ct);
    }
}
