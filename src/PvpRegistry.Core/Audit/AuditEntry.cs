using System.Text.Encodings.Web;
using System.Text.Json;

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

    /// <summary>
    /// Why: the words a person typed, as typed; or, for a reason the registry itself writes (a rule, a job, a sign-in),
    /// the English of its coded message (<see cref="ReasonCode"/>), so the trail reads by itself (CSV export, SQL).
    /// </summary>
    public string? Reason { get; set; }

    /// <summary>The code of a reason the registry wrote (a <see cref="RegistryMessage"/>); null for a person's words and for lines written before reasons were coded.</summary>
    public string? ReasonCode { get; set; }

    /// <summary>The values the coded reason names, as a JSON array of their English forms.</summary>
    public string? ReasonArgs { get; set; }

    /// <summary>Records a reason the registry writes: its English in <see cref="Reason"/>, its code and values to word it in each reader's language.</summary>
    public AuditEntry Because(RegistryMessage why)
    {
        Reason = why.English;
        ReasonCode = why.Code;
        ReasonArgs = why.Args.Length == 0 ? null : JsonSerializer.Serialize(why.Args.Select(RegistryMessage.EnglishArgument), ArgsJson);
        return this;
    }

    /// <summary>The coded reason the registry wrote, or null when <see cref="Reason"/> is a person's words (or an older line, stored as English text).</summary>
    public RegistryMessage? CodedReason()
    {
        if (ReasonCode is null) return null;
        if (ReasonArgs is null) return new(ReasonCode);
        // Values cut to the column's length no longer read: the line keeps its stored English.
        try { return JsonSerializer.Deserialize<string[]>(ReasonArgs) is { } args ? new(ReasonCode, args) : null; }
        catch (JsonException) { return null; }
    }

    /// <summary>Values in their own characters (a Chinese reason stays one character each), so they fit the column.</summary>
    private static readonly JsonSerializerOptions ArgsJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
