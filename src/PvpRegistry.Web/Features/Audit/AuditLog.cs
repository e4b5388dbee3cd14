using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Csv;
using PvpRegistry.Web.Features.Account;

namespace PvpRegistry.Web.Features.Audit;

public record AuditQuery(string? Text, string? User, string? Action, DateOnly? From, DateOnly? To, int Page, int PageSize);

/// <summary>Reading the audit trail (never writing it): the admin's searchable log, its CSV export, and one patient's history.</summary>
public class AuditLog(IDbContextFactory<RegistryDbContext> dbFactory)
{
    /// <summary>The most rows one page of the log loads, whatever page size is asked for (the trail itself may be millions).</summary>
    public const int MaxPageSize = 200;

    public async Task<(List<AuditEntry> Rows, int Total)> SearchAsync(ClaimsPrincipal user, AuditQuery q, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Admin);
        q = q with { PageSize = Math.Clamp(q.PageSize, 1, MaxPageSize), Page = Math.Max(0, q.Page) };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = Filter(db.AuditTrail.AsNoTracking(), q);
        int total = await rows.CountAsync(ct);
        var page = await rows.OrderByDescending(a => a.Id).Skip(q.Page * q.PageSize).Take(q.PageSize).ToListAsync(ct);
        return (page, total);
    }

    private static readonly CsvColumn<AuditEntry>[] CsvColumns =
    [
        CsvColumn<AuditEntry>.Integer("id", a => a.Id),
        CsvColumn<AuditEntry>.Text("at_utc", a => a.AtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        CsvColumn<AuditEntry>.Text("user", a => a.User),
        CsvColumn<AuditEntry>.Text("action", a => a.Action),
        CsvColumn<AuditEntry>.Text("entity", a => a.Entity),
        CsvColumn<AuditEntry>.Text("record_key", a => a.RecordKey),
        CsvColumn<AuditEntry>.Text("field", a => a.Field),
        CsvColumn<AuditEntry>.Text("old_value", a => a.OldValue),
        CsvColumn<AuditEntry>.Text("new_value", a => a.NewValue),
        CsvColumn<AuditEntry>.Text("reason", a => a.Reason),
    ];

    /// <summary>
    /// Writes the entries of the query, oldest first, as CSV (text formula-guarded, see <see cref="CsvExport"/>),
    /// streamed from the database to the writer without holding the trail in memory.
    /// </summary>
    public async Task<int> WriteCsvAsync(ClaimsPrincipal user, AuditQuery q, TextWriter writer, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await CsvExport.WriteAsync(writer, CsvColumns, Filter(db.AuditTrail.AsNoTracking(), q).OrderBy(a => a.Id).AsAsyncEnumerable(), ct);
    }

    /// <summary>Who changed what of one patient, when and why: the patient's own rows and those of its procedures, visits, assessments, contacts, vital status events and queries.</summary>
    public async Task<List<AuditEntry>> PatientHistoryAsync(ClaimsPrincipal user, int patientId, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.All.ToArray());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
        var procedures = (await db.Procedures.Where(p => p.PatientId == patientId).Select(p => p.Id).ToListAsync(ct)).Select(Key).ToList();
        var visits = await db.Visits.Where(v => v.PatientId == patientId).Select(v => v.Id).ToListAsync(ct);
        var visitKeys = visits.Select(Key).ToList();
        var assessments = (await db.Assessments.Where(a => visits.Contains(a.VisitId)).Select(a => a.Id).ToListAsync(ct)).Select(Key).ToList();
        var contacts = (await db.ContactAttempts.Where(c => visits.Contains(c.VisitId)).Select(c => c.Id).ToListAsync(ct)).Select(Key).ToList();
        var events = (await db.VitalStatusEvents.Where(e => e.PatientId == patientId).Select(e => e.Id).ToListAsync(ct)).Select(Key).ToList();
        var queries = (await db.DataQueries.Where(q => q.PatientId == patientId).Select(q => q.Id).ToListAsync(ct)).Select(Key).ToList();
        var key = Key(patientId);
        return await db.AuditTrail.AsNoTracking()
            .Where(a => (a.Entity == nameof(Patient) && a.RecordKey == key)
                        || (a.Entity == nameof(Procedure) && procedures.Contains(a.RecordKey!))
                        || (a.Entity == nameof(FollowUpVisit) && visitKeys.Contains(a.RecordKey!))
                        || (a.Entity == nameof(Assessment) && assessments.Contains(a.RecordKey!))
                        || (a.Entity == nameof(ContactAttempt) && contacts.Contains(a.RecordKey!))
                        || (a.Entity == nameof(VitalStatusEvent) && events.Contains(a.RecordKey!))
                        || (a.Entity == nameof(DataQuery) && queries.Contains(a.RecordKey!)))
            .OrderByDescending(a => a.Id)
            .ToListAsync(ct);
    }

    private static IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> rows, AuditQuery q)
    {
        if (!string.IsNullOrWhiteSpace(q.User)) rows = rows.Where(a => a.User.Contains(q.User.Trim()));
        if (!string.IsNullOrWhiteSpace(q.Action)) rows = rows.Where(a => a.Action == q.Action.Trim());
        if (q.From is { } from) { var f = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); rows = rows.Where(a => a.AtUtc >= f); }
        if (q.To is { } to) { var t = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); rows = rows.Where(a => a.AtUtc < t); }
        if (!string.IsNullOrWhiteSpace(q.Text))
        {
            var s = q.Text.Trim();
            rows = rows.Where(a => a.Entity.Contains(s) || (a.RecordKey != null && a.RecordKey == s) || (a.Field != null && a.Field.Contains(s))
                                   || (a.Reason != null && a.Reason.Contains(s)) || (a.NewValue != null && a.NewValue.Contains(s)) || (a.OldValue != null && a.OldValue.Contains(s)));
        }
        return rows;
    }
}
