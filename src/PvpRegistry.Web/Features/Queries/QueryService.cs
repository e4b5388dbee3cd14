using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Web.Components.Shared;
using PvpRegistry.Web.Features.Account;

namespace PvpRegistry.Web.Features.Queries;

/// <summary>A value a query can be raised on: entity, record, field, how people call it, and who answers for it.</summary>
public record QueryTarget(string Entity, int Id, string Field, string Label, string AnswerRole)
{
    /// <summary>A key for a select box.</summary>
    public string Key => $"{Entity}:{Id.ToString(CultureInfo.InvariantCulture)}:{Field}";
}

/// <summary>
/// A query as a reader sees it: the query as stored (never changed for display), the label of its value and its answer
/// worded in the reader's language.
/// </summary>
public record QueryView(DataQuery Query, string Label, string? Answer);

/// <summary>One query as the lists show it, with the patient's study ID.</summary>
public record QueryRow(QueryView View, string StudyId);

/// <summary>
/// Queries (discrepancy notes): researchers and admins raise them on a value; the nurse (follow-up data) or surgeon
/// (baseline, procedure) answers by correcting the value or by replying that it is right; the researcher closes them.
/// Every step is a save of the query, so the audit trail records it (who, when, old and new status).
/// </summary>
public class QueryService(IDbContextFactory<RegistryDbContext> dbFactory, RegistryClock clock, IStringLocalizer<QueryText> T, RegistryText texts,
    IStringLocalizer<Patients.PatientText> P)
{
    private static readonly string[] Raisers = [Roles.Researcher, Roles.Admin];

    /// <summary>Whether the user may raise and close queries.</summary>
    public static bool CanRaise(ClaimsPrincipal user) => Raisers.Any(user.IsInRole);

    /// <summary>Who answers a query on this value: a nurse for follow-up data and vital status, a surgeon for the rest.</summary>
    public static string AnswerRoleFor(string entity, string field) => entity switch
    {
        nameof(Assessment) or nameof(FollowUpVisit) or nameof(ContactAttempt) => Roles.Nurse,
        nameof(Patient) when field is nameof(Patient.ExitDate) or nameof(Patient.VitalStatus) or nameof(Patient.DeathCause) or nameof(Patient.LastKnownAliveDate) => Roles.Nurse,
        _ => Roles.Surgeon,
    };

    public async Task<int> OpenAsync(ClaimsPrincipal user, int patientId, QueryTarget target, string? question, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Raisers);
        var problems = new List<ValidationProblem>();
        if (string.IsNullOrWhiteSpace(question)) problems.Add(new("Question", T["Err.WriteQuestion"]));
        else if (question.Length > ClinicalLimits.FreeTextMaxLength) problems.Add(new("Question", T["Err.QuestionTooLong", ClinicalLimits.FreeTextMaxLength]));
        if (problems.Count > 0) throw new ClinicalValidationException(problems);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Patients.AnyAsync(p => p.Id == patientId && p.Voided == null, ct))
            throw new ClinicalValidationException([new("", T["Err.PatientGone"])]);
        var query = new DataQuery
        {
            PatientId = patientId, TargetEntity = target.Entity, TargetId = target.Id, TargetField = target.Field, TargetLabel = target.Label,
            AnswerRole = AnswerRoleFor(target.Entity, target.Field), Question = question!.Trim(),
            OpenedBy = RoleCheck.NameOf(user), OpenedAtUtc = clock.UtcNow,
        };
        db.DataQueries.Add(query);
        db.Actor = query.OpenedBy;
        await db.SaveChangesAsync(ct);
        return query.Id;
    }

    /// <summary>
    /// The queries a user may see: researchers and admins all; nurses and surgeons those they answer (nurses on their
    /// own patients and on patients without a responsible nurse).
    /// </summary>
    public async Task<List<QueryRow>> ListAsync(ClaimsPrincipal user, QueryStatus? status = null, int? patientId = null, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.All.ToArray());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.DataQueries.AsNoTracking().Where(q => q.Patient!.Voided == null);
        if (status is { } s) rows = rows.Where(q => q.Status == s);
        if (patientId is { } id) rows = rows.Where(q => q.PatientId == id);
        if (!CanRaise(user))
        {
            var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
            bool nurse = user.IsInRole(Roles.Nurse), surgeon = user.IsInRole(Roles.Surgeon);
            rows = rows.Where(q => (nurse && q.AnswerRole == Roles.Nurse && (q.Patient!.ResponsibleNurseId == null || q.Patient.ResponsibleNurseId == userId))
                                   || (surgeon && q.AnswerRole == Roles.Surgeon));
        }
        var list = await rows.OrderBy(q => q.Status).ThenByDescending(q => q.OpenedAtUtc)
            .Select(q => new { Query = q, q.Patient!.StudyId }).Take(1000).ToListAsync(ct);
        var views = await ForReaderAsync(db, list.Select(r => r.Query).ToList(), ct);
        return views.Zip(list, (view, row) => new QueryRow(view, row.StudyId)).ToList();
    }

    /// <summary>
    /// The queries as the reader sees them, in their order: the value's label worded from the stored target (entity,
    /// field, the visit of an assessment) and an answer by correction from the correction's audit entry, in the reader's
    /// language. The queries themselves keep what was stored (the label and answer in the language of whoever raised or
    /// corrected); a reply stays the answerer's own words.
    /// </summary>
    public async Task<List<QueryView>> ForReaderAsync(RegistryDbContext db, IReadOnlyList<DataQuery> queries, CancellationToken ct = default)
    {
        if (queries.Count == 0) return [];
        var labels = await ReaderLabelsAsync(db, queries, ct);
        var ids = queries.Where(q => q.CorrectionAuditId is not null).Select(q => q.CorrectionAuditId!.Value).Distinct().ToList();
        var corrections = ids.Count == 0 ? [] : await db.AuditTrail.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        return labels.Select(x => new QueryView(x.Query, x.Label,
            x.Query.CorrectionAuditId is { } id && corrections.TryGetValue(id, out var correction) ? CorrectedAnswer(correction) : x.Query.Answer)).ToList();
    }

    /// <summary>The queries as the reader sees them, read from a context of their own (see the overload).</summary>
    public async Task<List<QueryView>> ForReaderAsync(IReadOnlyList<DataQuery> queries, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ForReaderAsync(db, queries, ct);
    }

    /// <summary>
    /// The label of each query's value in the reader's language, from its stored target (entity, field, the visit of an
    /// assessment or a visit); the stored label for a target the registry does not word.
    /// </summary>
    private async Task<List<(DataQuery Query, string Label)>> ReaderLabelsAsync(RegistryDbContext db, IReadOnlyCollection<DataQuery> queries, CancellationToken ct)
    {
        List<int> TargetsOf(string entity) => queries.Where(q => q.TargetEntity == entity).Select(q => q.TargetId).Distinct().ToList();
        var assessmentIds = TargetsOf(nameof(Assessment));
        var visitIds = TargetsOf(nameof(FollowUpVisit));
        var patientIds = queries.Select(q => q.PatientId).Distinct().ToList();
        var visitOfAssessment = await db.Assessments.AsNoTracking().Where(a => assessmentIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Visit!.Code }).ToDictionaryAsync(a => a.Id, a => a.Code, ct);
        var visitCodes = await db.Visits.AsNoTracking().Where(v => visitIds.Contains(v.Id)).Select(v => new { v.Id, v.Code }).ToDictionaryAsync(v => v.Id, v => v.Code, ct);
        var vitalStatus = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id)).Select(p => new { p.Id, p.VitalStatus }).ToDictionaryAsync(p => p.Id, p => p.VitalStatus, ct);
        return queries.Select(q =>
        {
            VisitCode? visit = q.TargetEntity switch
            {
                nameof(Assessment) when visitOfAssessment.TryGetValue(q.TargetId, out var code) => code,
                nameof(FollowUpVisit) when visitCodes.TryGetValue(q.TargetId, out var code) => code,
                _ => null,
            };
            return (q, TargetLabel(q.TargetEntity, q.TargetField, visit, vitalStatus.GetValueOrDefault(q.PatientId)) ?? q.TargetLabel);
        }).ToList();
    }

    /// <summary>The label of one query's value in the reader's language (for the messages about it).</summary>
    private async Task<string> ReaderLabelAsync(RegistryDbContext db, DataQuery query, CancellationToken ct) =>
        (await ReaderLabelsAsync(db, [query], ct))[0].Label;

    /// <summary>
    /// How people call a value a query can be raised on, in the user's language ("3 months VAS", "Procedure date"); an
    /// assessment's or a visit's value needs its visit. Null for a value the registry does not offer for queries.
    /// </summary>
    public string? TargetLabel(string entity, string field, VisitCode? visit, VitalStatus vitalStatus) => (entity, field, visit) switch
    {
        (nameof(Assessment), nameof(Assessment.Vas), { } v) => P["Target.Vas", texts.Visit(v)].Value,
        (nameof(Assessment), nameof(Assessment.Kps), { } v) => P["Target.Kps", texts.Visit(v)].Value,
        (nameof(Assessment), nameof(Assessment.AssessmentDate), { } v) => P["Target.AssessmentDate", texts.Visit(v)].Value,
        (nameof(FollowUpVisit), nameof(FollowUpVisit.MissedReason), { } v) => P["Target.Missed", texts.Visit(v)].Value,
        (nameof(Procedure), nameof(Procedure.Date), _) => P["Target.ProcedureDate"].Value,
        (nameof(Procedure), nameof(Procedure.CementTotalMl), _) => P["Target.Cement"].Value,
        (nameof(Patient), nameof(Patient.ExitDate), _) => P["Target.ExitDate", texts.Vital(vitalStatus)].Value,
        (nameof(Patient), nameof(Patient.LastKnownAliveDate), _) => P["Target.LastKnownAlive"].Value,
        (nameof(Patient), nameof(Patient.BirthDate), _) => P["Target.BirthDate"].Value,
        (nameof(Patient), nameof(Patient.Sex), _) => P["Fact.Sex"].Value,
        (nameof(Patient), nameof(Patient.PrimaryTumor), _) => P["Target.PrimaryTumor"].Value,
        (nameof(Patient), nameof(Patient.SegmentCount), _) => P["Target.Segments"].Value,
        (nameof(Patient), nameof(Patient.FrankelGrade), _) => P["Target.Frankel"].Value,
        (nameof(Patient), nameof(Patient.EnrolmentDate), _) => P["Target.EnrolmentDate"].Value,
        (nameof(Patient), nameof(Patient.ConsentDate), _) => P["Target.ConsentDate"].Value,
        _ => null,
    };

    /// <summary>"Corrected: 3 -> 4, reason: ..." in the user's language, from the correction's audit entry.</summary>
    private string CorrectedAnswer(AuditEntry correction) =>
        T["Msg.CorrectedAnswer", texts.StoredValue(correction.Field, correction.OldValue), texts.StoredValue(correction.Field, correction.NewValue)]
        + (texts.Reason(correction) is { } why ? T["Msg.CorrectedReason", why].Value : "");

    /// <summary>Open queries per patient, for the markers on the worklist.</summary>
    public async Task<Dictionary<int, int>> OpenCountsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.DataQueries.AsNoTracking().Where(q => q.Status == QueryStatus.Open)
            .GroupBy(q => q.PatientId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
    }

    /// <summary>Open queries of the registry (not of voided patients), for the study report.</summary>
    public async Task<int> OpenCountAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.DataQueries.CountAsync(q => q.Status == QueryStatus.Open && q.Patient!.Voided == null, ct);
    }

    /// <summary>The nurse or surgeon replies that the value is right (or explains it): the query is answered.</summary>
    public Task<string> ReplyAsync(ClaimsPrincipal user, int queryId, uint seenVersion, string? answer, CancellationToken ct = default) =>
        AnswerAsync(user, queryId, seenVersion, async (db, q, label) =>
        {
            if (string.IsNullOrWhiteSpace(answer)) throw new ClinicalValidationException([new("Answer", T["Err.WriteAnswer"])]);
            if (answer.Length > ClinicalLimits.FreeTextMaxLength) throw new ClinicalValidationException([new("Answer", T["Err.AnswerTooLong", ClinicalLimits.FreeTextMaxLength])]);
            await Task.CompletedTask;
            q.Answer = answer.Trim();
            return T["Msg.Answered", label].Value;
        }, ct);

    /// <summary>
    /// The nurse or surgeon corrected the value (through its correction form, with a reason): the query is answered
    /// with that correction, linked by its audit entry. Refused when the value was not changed since the query opened.
    /// </summary>
    public Task<string> AnswerByCorrectionAsync(ClaimsPrincipal user, int queryId, uint seenVersion, CancellationToken ct = default) =>
        AnswerAsync(user, queryId, seenVersion, async (db, q, label) =>
        {
            var key = q.TargetId.ToString(CultureInfo.InvariantCulture);
            var name = RoleCheck.NameOf(user);
            var corrections = await db.AuditTrail.AsNoTracking()
                .Where(a => a.Entity == q.TargetEntity && a.RecordKey == key && a.Action != "created" && a.AtUtc >= q.OpenedAtUtc && a.User == name)
                .OrderByDescending(a => a.Id).ToListAsync(ct);
            var correction = corrections.FirstOrDefault(a => a.Field == q.TargetField) ?? corrections.FirstOrDefault()
                ?? throw new ClinicalValidationException([new("", T["Err.NotCorrected", label])]);
            q.CorrectionAuditId = correction.Id;
            q.Answer = CorrectedAnswer(correction);
            return T["Msg.CorrectedAndAnswered", label].Value;
        }, ct);

    public async Task<string> CloseAsync(ClaimsPrincipal user, int queryId, uint seenVersion, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Raisers);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = await LoadAsync(db, queryId, seenVersion, ct);
        if (q.Status != QueryStatus.Answered) throw new ClinicalValidationException([new("", T[q.Status == QueryStatus.Open ? "Err.NotAnswered" : "Err.AlreadyClosed"])]);
        q.Status = QueryStatus.Closed;
        q.ClosedBy = RoleCheck.NameOf(user);
        q.ClosedAtUtc = clock.UtcNow;
        await SaveAsync(db, q, seenVersion, q.ClosedBy, ct);
        return T["Msg.Closed", await ReaderLabelAsync(db, q, ct)].Value;
    }

    private async Task<string> AnswerAsync(ClaimsPrincipal user, int queryId, uint seenVersion, Func<RegistryDbContext, DataQuery, string, Task<string>> answer, CancellationToken ct)
    {
        RoleCheck.Require(user, Roles.Nurse, Roles.Surgeon);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = await LoadAsync(db, queryId, seenVersion, ct);
        RoleCheck.Require(user, q.AnswerRole);
        if (q.Status != QueryStatus.Open) throw new ClinicalValidationException([new("", T["Err.AlreadyAnswered"])]);
        var message = await answer(db, q, await ReaderLabelAsync(db, q, ct));
        q.Status = QueryStatus.Answered;
        q.AnsweredBy = RoleCheck.NameOf(user);
        q.AnsweredAtUtc = clock.UtcNow;
        await SaveAsync(db, q, seenVersion, q.AnsweredBy, ct);
        return message;
    }

    private async Task<DataQuery> LoadAsync(RegistryDbContext db, int queryId, uint seenVersion, CancellationToken ct)
    {
        var q = await db.DataQueries.SingleOrDefaultAsync(x => x.Id == queryId, ct)
            ?? throw new ClinicalValidationException([new("", T["Err.QueryGone"])]);
        if (q.Version != seenVersion) throw await ConflictAsync(db, q, ct);
        return q;
    }

    private async Task SaveAsync(RegistryDbContext db, DataQuery q, uint seenVersion, string name, CancellationToken ct)
    {
        db.Entry(q).Property(x => x.Version).OriginalValue = seenVersion;
        db.Actor = name;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw await ConflictAsync(db, q, ct);
        }
    }

    private async Task<RecordChangedException> ConflictAsync(RegistryDbContext db, DataQuery q, CancellationToken ct) =>
        await RecordConflicts.DescribeAsync(db, texts, texts["Conflict.Query", await ReaderLabelAsync(db, q, ct)], [(nameof(DataQuery), q.Id)], ct);
}
