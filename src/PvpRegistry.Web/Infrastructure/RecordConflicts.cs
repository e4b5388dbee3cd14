using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data;

namespace PvpRegistry.Web;

/// <summary>A save refused because someone else saved the same record after it was opened; the message says who changed what.</summary>
public class RecordChangedException(string message) : Exception(message);

/// <summary>Builds the "someone else changed this" message from the audit trail of the records involved.</summary>
public static class RecordConflicts
{
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal)
    {
        "Id", "VisitId", "PatientId", "EnteredBy", "EnteredAtUtc", "RecordedBy", "RecordedAtUtc", "MissedBy", "MissedAtUtc",
    };

    /// <summary>The latest save touching any of the records (entity name, key), described for a person.</summary>
    public static async Task<RecordChangedException> DescribeAsync(RegistryDbContext db, string what, IEnumerable<(string Entity, int Id)> records, CancellationToken ct = default)
    {
        var found = new List<AuditEntry>();
        foreach (var group in records.GroupBy(r => r.Entity))
        {
            var keys = group.Select(r => r.Id.ToString(CultureInfo.InvariantCulture)).ToList();
            found.AddRange(await db.AuditTrail.AsNoTracking()
                .Where(a => a.Entity == group.Key && keys.Contains(a.RecordKey!))
                .OrderByDescending(a => a.Id).Take(20).ToListAsync(ct));
        }
        var latest = found.OrderByDescending(a => a.Id).FirstOrDefault();
        if (latest is null)
            return new RecordChangedException($"{what} was changed by someone else after you opened it. Your change was not saved: the current values are shown now; check them and enter yours again if it is still needed.");

        var sameSave = found.Where(a => a.User == latest.User && a.AtUtc == latest.AtUtc).OrderBy(a => a.Id).ToList();
        var changes = string.Join("; ", sameSave.Select(Describe).Distinct());
        return new RecordChangedException(
            $"{what} was changed by {latest.User} at {latest.AtUtc:yyyy-MM-dd HH:mm} UTC, after you opened it: {changes}. " +
            "Your change was not saved: the current values are shown now; check them and enter yours again if it is still needed.");
    }

    public static string Describe(AuditEntry a) => a.Action switch
    {
        "created" => $"added {Label(a.Entity)} ({Parts(a.NewValue)})",
        "voided" => $"voided {Label(a.Entity)}" + (a.Reason is null ? "" : $" (reason: {a.Reason})"),
        _ => $"{Label(a.Entity)} {FieldLabel(a.Field)} {a.OldValue ?? "(empty)"} -> {a.NewValue ?? "(empty)"}" + (a.Reason is null ? "" : $" (reason: {a.Reason})"),
    };

    /// <summary>A stored field name as people say it: "LastKnownAliveDate" is "last known alive date", "Vas" is "VAS".</summary>
    public static string FieldLabel(string? field) => field switch
    {
        null or "" => "",
        "Vas" => "VAS",
        "Kps" => "KPS",
        "Mrn" => "MRN",
        _ => string.Concat(field.Select((c, i) => char.IsUpper(c) ? (i == 0 ? "" : " ") + char.ToLowerInvariant(c) : c.ToString())),
    };

    public static string Label(string entity) => entity switch
    {
        nameof(Assessment) => "an assessment",
        nameof(FollowUpVisit) => "the visit",
        nameof(ContactAttempt) => "a contact attempt",
        nameof(VitalStatusEvent) => "a vital status change",
        nameof(Procedure) => "the procedure",
        nameof(Patient) => "the patient",
        _ => entity,
    };

    /// <summary>The clinically meaningful "Name=value" parts of a created row's description.</summary>
    public static string Parts(string? description) =>
        description is null ? "" : string.Join(", ", description.Split("; ")
            .Where(p => !Bookkeeping.Contains(p.Split('=')[0]) && !p.StartsWith("Eligibility", StringComparison.Ordinal))
            .OrderBy(p => Array.IndexOf(First, p.Split('=')[0]) is var i and >= 0 ? i : First.Length));

    private static readonly string[] First = ["Vas", "Kps", "AssessmentDate", "Source", "Outcome", "Kind", "Date"];
}
