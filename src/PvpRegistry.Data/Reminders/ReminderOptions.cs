namespace PvpRegistry.Data.Reminders;

public enum SmtpTlsMode { None, StartTls, SslOnConnect }

/// <summary>
/// Configuration section "Reminders" (env: Reminders__RunAt, Reminders__Smtp__Host, ...). An admin can
/// override the run time, the coordinator, whether identifiers go into e-mails and the SMTP server
/// and sender at run time (stored in the Settings table); the SMTP credentials come from
/// configuration or secrets only and are never shown.
/// </summary>
public class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>Run the scheduler in this process (off for a second web instance that should only serve pages, if wanted).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Local time of day (registry time zone) of the daily run, "HH:mm".</summary>
    public string RunAt { get; set; } = "07:00";

    /// <summary>Receives the digest for patients without a responsible nurse who opted in; empty = nobody.</summary>
    public string Coordinator { get; set; } = "";

    /// <summary>Put names and MRNs into e-mails (off: study IDs and visits only).</summary>
    public bool IncludeIdentifiers { get; set; }

    /// <summary>A closing-soon reminder is raised when this many days (or fewer) are left in the window.</summary>
    public int ClosingSoonDays { get; set; } = 3;

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>How often the outbox is looked at for messages to (re)send.</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Back-off after the first failed send; doubled after each further failure up to <see cref="RetryMaxDelay"/>. A message is never given up.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a sender owns a message it is sending; another instance may try it after that.</summary>
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(5);

    public TimeOnly RunAtTime => TimeOnly.TryParse(RunAt, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : new TimeOnly(7, 0);

    public bool EmailEnabled => !string.IsNullOrWhiteSpace(Smtp.Host) && !string.IsNullOrWhiteSpace(Smtp.From);

    public TimeSpan RetryDelay(int attempts)
    {
        var ticks = RetryInitialDelay.Ticks * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return ticks >= RetryMaxDelay.Ticks ? RetryMaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public ReminderOptions Clone() => new()
    {
        Enabled = Enabled, RunAt = RunAt, Coordinator = Coordinator, IncludeIdentifiers = IncludeIdentifiers, ClosingSoonDays = ClosingSoonDays,
        OutboxPollInterval = OutboxPollInterval, RetryInitialDelay = RetryInitialDelay, RetryMaxDelay = RetryMaxDelay, SendLease = SendLease,
        Smtp = new SmtpOptions
        {
            Host = Smtp.Host, Port = Smtp.Port, TlsMode = Smtp.TlsMode, User = Smtp.User, Password = Smtp.Password, From = Smtp.From,
            TimeoutSeconds = Smtp.TimeoutSeconds,
        },
    };
}

/// <summary>Section "Reminders:Smtp". Empty Host or From = e-mail off (reminders stay in the app).</summary>
public class SmtpOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public SmtpTlsMode TlsMode { get; set; } = SmtpTlsMode.StartTls;

    /// <summary>From configuration or secrets only (user secrets, environment Reminders__Smtp__User / __Password).</summary>
    public string User { get; set; } = "";
    public string Password { get; set; } = "";

    /// <summary>The sender address, e.g. "PvpRegistry &lt;registry@hospital.example&gt;".</summary>
    public string From { get; set; } = "";
    public int TimeoutSeconds { get; set; } = 30;
}
