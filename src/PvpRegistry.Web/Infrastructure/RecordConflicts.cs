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

    /// <summary>The latest save touching any of the records (entity name, key), described for a person in the user's language.</summary>
    public static async Task<RecordChangedException> DescribeAsync(RegistryDbContext db, Components.Shared.RegistryText texts, string what, IEnumerable<(string Entity, int Id)> records, CancellationToken ct = default)
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
        if (latest is null) return new RecordChangedException(texts["Conflict.Unknown", what]);

        var sameSave = found.Where(a => a.User == latest.User && a.AtUtc == latest.AtUtc).OrderBy(a => a.Id).ToList();
        var changes = string.Join(texts["Conflict.Separator"], sameSave.Select(a => Describe(texts, a)).Distinct());
        return new RecordChangedException(texts["Conflict.Known", what, latest.User, latest.AtUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), changes]);
    }

    public static string Describe(Components.Shared.RegistryText texts, AuditEntry a)
    {
        var reason = texts.Reason(a) is { } why ? texts["Conflict.Reason", why] : "";
        return a.Action switch
        {
            "created" => texts["Conflict.Added", Label(texts, a.Entity), Parts(texts, a.NewValue)],
            "voided" => texts["Conflict.Voided", Label(texts, a.Entity)] + reason,
            _ => texts["Conflict.Changed", Label(texts, a.Entity), texts.Field(a.Field), texts.StoredValue(a.Field, a.OldValue), texts.StoredValue(a.Field, a.NewValue)] + reason,
        };
    }

    /// <summary>A stored field name as people say it: "LastKnownAliveDate" is "last known alive date", "Vas" is "VAS".</summary>
    public static string FieldLabel(string? field) => field switch
    {
        null or "" => "",
        "Vas" => "VAS",
        "Kps" => "KPS",
        "Mrn" => "MRN",
        _ => string.Concat(field.Select((c, i) => char.IsUpper(c) ? (i == 0 ? "" : " ") + char.ToLowerInvariant(c) : c.ToString())),
    };

    /// <summary>A record as a conflict message names it ("an assessment", "the procedure").</summary>
    public static string Label(Components.Shared.RegistryText texts, string entity) => entity switch
    {
        nameof(Assessment) or nameof(FollowUpVisit) or nameof(ContactAttempt) or nameof(VitalStatusEvent) or nameof(Procedure) or nameof(Patient) or nameof(DataQuery)
            => texts[$"Conflict.Entity.{entity}"],
        _ => entity,
    };

    /// <summary>
    /// The clinically meaningful parts of a created row's stored description ("Vas=3.5; Source=Phone"), each field and
    /// value in the user's language ("VAS 3.5, source phone").
    /// </summary>
    public static string Parts(Components.Shared.RegistryText texts, string? description) =>
        description is null ? "" : string.Join(texts["ListSeparator"], description.Split("; ")
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .Where(p => !Bookkeeping.Contains(p[0]) && !p[0].StartsWith("Eligibility", StringComparison.Ordinal))
            .OrderBy(p => Array.IndexOf(First, p[0]) is var i and >= 0 ? i : First.Length)
            .Select(p => texts["Conflict.Part", texts.Field(p[0]), texts.StoredValue(p[0], p[1])]));

    private static readonly string[] First = ["Vas", "Kps", "AssessmentDate", "Source", "Outcome", "Kind", "Date"];
}
