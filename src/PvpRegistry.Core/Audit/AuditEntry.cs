namespace PvpRegistry.Core;

/// <summary>One append-only line of the audit trail: never updated, never deleted.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public string User { get; set; } = "";

    /// <summary>created, updated, voided, sign_in, sign_in_failed, export, report_download, role_change, ...</summary>
    public string Action { get; set; } = "";
    public string Entity { get; set; } = "";
    public string? RecordKey { get; set; }
    public string? Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public string? Reason { get; set; }
}
