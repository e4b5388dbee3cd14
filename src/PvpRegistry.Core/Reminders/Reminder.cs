namespace PvpRegistry.Core;

public enum ReminderKind { WindowOpens, ClosingSoon, Overdue }

/// <summary>One reminder per visit and kind (unique in the database), resolved when the visit is done.</summary>
public class Reminder
{
    public int Id { get; set; }
    public int VisitId { get; set; }
    public FollowUpVisit? Visit { get; set; }
    public ReminderKind Kind { get; set; }

    /// <summary>The calendar day the reminder is about.</summary>
    public DateOnly ForDate { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? ResolvedAtUtc { get; set; }
}

public enum OutboxState { Pending, Sent, Failed }

/// <summary>An e-mail waiting in, or sent from, the outbox; retried with back-off until sent.</summary>
public class OutboxMessage
{
    public int Id { get; set; }

    /// <summary>Unique, e.g. "digest:2026-11-25:nurse@example.org", so a message is never queued twice.</summary>
    public string DedupKey { get; set; } = "";
    public string Recipient { get; set; } = "";
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string HtmlBody { get; set; } = "";
    public OutboxState State { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? NextAttemptAtUtc { get; set; }
    public DateTime? SentAtUtc { get; set; }
    public string? LastError { get; set; }
}
