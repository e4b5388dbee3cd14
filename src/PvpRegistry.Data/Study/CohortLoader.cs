using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;

namespace PvpRegistry.Data.Study;

/// <summary>One scheduled visit of a patient as the follow-up completeness counts it.</summary>
public readonly record struct CohortVisit(VisitCode Code, VisitStatus Status, bool OutOfWindow);

/// <summary>
/// A registry patient as study data: the study row (null without a procedure or a status date) and what the
/// cohort filter and the follow-up completeness need. Identifying data (MRN, name, birth date, death cause) is in
/// the record only when it was loaded for an identified use (an export, a report).
/// </summary>
public sealed record CohortPatient(
    string StudyId,
    StudyRecord? Record,
    DateOnly? EnrolmentDate,
    EnrolmentStatus Enrolment,
    bool Voided,
    TreatmentGroup Group,
    PrimaryTumor PrimaryTumor,
    MetastaticSite Site,
    VitalStatus Vital,
    DateOnly? LastStatusDate,
    IReadOnlyList<CohortVisit> Visits)
{
    /// <summary>Whether the patient is analysed: enrolled, not voided, with a procedure and a status date.</summary>
    public bool IsAnalysable => !Voided && Enrolment == EnrolmentStatus.Enrolled && Record is not null;

    public bool IsIn(CohortFilter filter) => filter.Includes(EnrolmentDate, Group, PrimaryTumor, Site);
}

/// <summary>Patients of the registry read at one moment, by study ID, with the day their visit statuses are for.</summary>
public sealed record CohortSnapshot(IReadOnlyList<CohortPatient> Patients, DateOnly Today)
{
    /// <summary>The study rows of the analysable patients the filter includes, by study ID.</summary>
    public IReadOnlyList<StudyRecord> StudyRecords(CohortFilter filter) =>
        Patients.Where(p => p.IsAnalysable && p.IsIn(filter)).Select(p => p.Record!).ToArray();
}

/// <summary>
/// The one way the registry is read as study data: the dashboards, the study report, the study CSV export,
/// the import's comparison with stored patients, the patient summary and <c>pvp</c> all read through it.
/// Flat, untracked projections of the columns the study row and the visit statuses use (patients, procedures,
/// visits, assessments; identifying columns only when asked for), joined in memory by key: a patient's first
/// procedure (earliest date, then ID), the visits by code, and each visit's current assessment (the latest not
/// voided, by date then ID), as the entities define them (<see cref="FollowUpVisit.CurrentAssessment"/>).
/// </summary>
public sealed class CohortLoader(IDbContextFactory<RegistryDbContext> dbFactory, FollowUpSchedule schedule, RegistryClock clock)
{
    /// <summary>Every patient, voided ones and screen failures included, without identifying data (the dashboards).</summary>
    public Task<CohortSnapshot> LoadAsync(CancellationToken ct = default) => LoadAsync(null, identified: false, ct);

    /// <summary>The identified study rows of the analysable patients in <paramref name="filter"/>, by study ID (the report, the export).</summary>
    public async Task<IReadOnlyList<StudyRecord>> LoadStudyRecordsAsync(CohortFilter filter, CancellationToken ct = default) =>
        (await LoadAsync(null, identified: true, ct)).StudyRecords(filter);

    /// <summary>One patient, identified, or null when there is no patient with this ID.</summary>
    public async Task<CohortPatient?> LoadPatientAsync(int patientId, CancellationToken ct = default) =>
        (await LoadAsync(p => p.Id == patientId, identified: true, ct)).Patients.SingleOrDefault();

    /// <summary>
    /// The stored patients among these study IDs, identified, by study ID. Beyond <see cref="MostIdsInQuery"/> IDs
    /// (an import of a whole cohort) every patient is read and the IDs picked in memory: one pass over the tables
    /// instead of a query with an IN list as long as the file (SQLite's limit is 32,766 parameters).
    /// </summary>
    public async Task<Dictionary<string, CohortPatient>> LoadPatientsAsync(IReadOnlyCollection<string> studyIds, CancellationToken ct = default)
    {
        if (studyIds.Count <= MostIdsInQuery)
            return (await LoadAsync(p => studyIds.Contains(p.StudyId), identified: true, ct)).Patients.ToDictionary(p => p.StudyId, StringComparer.Ordinal);
        var wanted = studyIds.ToHashSet(StringComparer.Ordinal);
        return (await LoadAsync(null, identified: true, ct)).Patients.Where(p => wanted.Contains(p.StudyId)).ToDictionary(p => p.StudyId, StringComparer.Ordinal);
    }

    /// <summary>The most study IDs <see cref="LoadPatientsAsync"/> puts in one query.</summary>
    public const int MostIdsInQuery = 500;

    // Dates travel as day numbers (DateOnly.DayNumber, computed by the database): integers are read without
    // parsing a date string per value, which was most of the cost of reading the visits.
    private readonly record struct PatientRow(
        int Id, string StudyId, int? EnrolmentDay, EnrolmentStatus Enrolment, bool Voided, TreatmentGroup Group, Sex Sex, int Age,
        PrimaryTumor PrimaryTumor, PrimaryGrowth PrimaryGrowth, MetastaticSite Site, int Segments, bool VisceralMetastasis,
        VitalStatus Vital, int? ExitDay, int? LastKnownAliveDay);

    private sealed record IdentityRow(int Id, string? Mrn, string? Name, DateOnly? BirthDate, string? DeathCause);

    /// <summary>A procedure that is not voided.</summary>
    private readonly record struct ProcedureRow(int Id, int PatientId, int Day, decimal CementMl, int Seeds, decimal? SeedActivityMci);

    /// <summary>A visit's window bounds (the status and out-of-window rules use the bounds, not the target date).</summary>
    private readonly record struct VisitRow(int Id, int PatientId, VisitCode Code, int StartDay, int EndDay, MissedReason? Missed);

    /// <summary>An assessment that is not voided.</summary>
    private readonly record struct AssessmentRow(int Id, int VisitId, decimal? Vas, int? Kps, int Day);

    private sealed record Rows(PatientRow[] Patients, IdentityRow[] Identities, ProcedureRow[] Procedures, VisitRow[] Visits, AssessmentRow[] Assessments);

    private async Task<CohortSnapshot> LoadAsync(Expression<Func<Patient, bool>>? which, bool identified, CancellationToken ct)
    {
        var today = clock.Today;
        var rows = await QueryAsync(which, identified, ct).ConfigureAwait(false);
        return new CohortSnapshot(Join(rows, today), today);
    }

    /// <summary>
    /// The queries on two contexts side by side, each on a pool thread: the visits (the most rows) on one, the rest
    /// on the other. Like the split query it replaces, it reads without a transaction: rows of a patient saved in
    /// between are joined only when the patient is read too.
    /// </summary>
    private async Task<Rows> QueryAsync(Expression<Func<Patient, bool>>? which, bool identified, CancellationToken ct)
    {
        var visits = Task.Run(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var ids = PatientIds(db, which);
            var rows = ids is null ? db.Visits : db.Visits.Where(v => ids.Contains(v.PatientId));
            return await ReadAsync(db, rows.AsNoTracking()
                .Select(v => new VisitRow(v.Id, v.PatientId, v.Code, v.WindowStart.DayNumber, v.WindowEnd.DayNumber, v.MissedReason)), ct);
        }, ct);
        var rest = Task.Run(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var ids = PatientIds(db, which);
            var ofInterest = (which is null ? db.Patients : db.Patients.Where(which)).AsNoTracking();
            var patients = await ReadAsync(db, ofInterest.OrderBy(p => p.StudyId)
                .Select(p => new PatientRow(p.Id, p.StudyId, p.EnrolmentDate == null ? null : p.EnrolmentDate.Value.DayNumber, p.EnrolmentStatus,
                    p.Voided != null, p.Group, p.Sex, p.AgeAtProcedure, p.PrimaryTumor, p.PrimaryGrowth, p.MetastaticSite, p.SegmentCount,
                    p.VisceralMetastasis, p.VitalStatus, p.ExitDate == null ? null : p.ExitDate.Value.DayNumber,
                    p.LastKnownAliveDate == null ? null : p.LastKnownAliveDate.Value.DayNumber)), ct);
            var identities = identified
                ? await ReadAsync(db, ofInterest.Select(p => new IdentityRow(p.Id, p.Mrn, p.Name, p.BirthDate, p.DeathCause)), ct)
                : [];
            var procedureRows = ids is null ? db.Procedures : db.Procedures.Where(x => ids.Contains(x.PatientId));
            var procedures = await ReadAsync(db, procedureRows.AsNoTracking().Where(x => x.Voided == null)
                .Select(x => new ProcedureRow(x.Id, x.PatientId, x.Date.DayNumber, x.CementTotalMl, x.SeedCount, x.SeedActivityMci)), ct);
            var assessmentRows = ids is null ? db.Assessments : db.Assessments.Where(a => ids.Contains(a.Visit!.PatientId));
            var assessments = await ReadAsync(db, assessmentRows.AsNoTracking().Where(a => a.Voided == null)
                .Select(a => new AssessmentRow(a.Id, a.VisitId, a.Vas, a.Kps, a.AssessmentDate.DayNumber)), ct);
            return (patients, identities, procedures, assessments);
        }, ct);
        var (p, i, x, a) = await rest.ConfigureAwait(false);
        return new Rows(p, i, x, await visits.ConfigureAwait(false), a);
    }

    /// <summary>
    /// The rows of a query. SQLite runs in this process and its async reads complete synchronously, only slower
    /// (a task per row), so on SQLite the loader's pool threads read synchronously; other providers read asynchronously.
    /// </summary>
    private static async Task<T[]> ReadAsync<T>(RegistryDbContext db, IQueryable<T> query, CancellationToken ct) =>
        db.Database.IsSqlite() ? query.ToArray() : await query.ToArrayAsync(ct);

    /// <summary>The IDs of the patients of interest as a subquery, or null for every patient.</summary>
    private static IQueryable<int>? PatientIds(RegistryDbContext db, Expression<Func<Patient, bool>>? which) =>
        which is null ? null : db.Patients.Where(which).Select(p => p.Id);

    /// <summary>Joins the rows by key in one pass over each.</summary>
    private CohortPatient[] Join(Rows rows, DateOnly today)
    {
        var (patients, procedures, visits, assessments) = (rows.Patients, rows.Procedures, rows.Visits, rows.Assessments);
        int n = patients.Length, codes = StudyRecord.VisitCount;
        var patientIndex = new Dictionary<int, int>(n);
        for (int i = 0; i < n; i++) patientIndex[patients[i].Id] = i;

        var procedure = new int[n];
        Array.Fill(procedure, -1);
        for (int k = 0; k < procedures.Length; k++)
        {
            var x = procedures[k];
            if (!patientIndex.TryGetValue(x.PatientId, out int i)) continue;
            int c = procedure[i];
            if (c < 0 || x.Day < procedures[c].Day || (x.Day == procedures[c].Day && x.Id < procedures[c].Id)) procedure[i] = k;
        }

        // Visit slots by (patient, code); the (patient, code) pair is unique in the database.
        var slot = new int[n * codes];
        Array.Fill(slot, -1);
        var visitIndex = new Dictionary<int, int>(visits.Length);
        for (int k = 0; k < visits.Length; k++)
        {
            var v = visits[k];
            if (!patientIndex.TryGetValue(v.PatientId, out int i)) continue;
            slot[i * codes + (int)v.Code] = k;
            visitIndex[v.Id] = k;
        }
        var current = new int[visits.Length];
        Array.Fill(current, -1);
        for (int k = 0; k < assessments.Length; k++)
        {
            var a = assessments[k];
            if (!visitIndex.TryGetValue(a.VisitId, out int v)) continue;
            int c = current[v];
            if (c < 0 || a.Day > assessments[c].Day || (a.Day == assessments[c].Day && a.Id > assessments[c].Id)) current[v] = k;
        }
        var identity = rows.Identities.ToDictionary(r => r.Id);

        var result = new CohortPatient[n];
        var buffer = new CohortVisit[codes];
        for (int i = 0; i < n; i++)
        {
            var p = patients[i];
            DateOnly? exit = Date(p.ExitDay), lastKnownAlive = Date(p.LastKnownAliveDay);
            var closure = Patient.ClosureOf(p.Vital, exit);
            int count = 0;
            for (int code = 0; code < codes; code++)
            {
                int k = slot[i * codes + code];
                if (k < 0) continue;
                var v = visits[k];
                var (start, end) = (DateOnly.FromDayNumber(v.StartDay), DateOnly.FromDayNumber(v.EndDay));
                int a = current[k];
                buffer[count++] = new CohortVisit(v.Code,
                    VisitStatusRules.StatusOn(start, end, a >= 0, v.Missed, closure, today).Status,
                    a >= 0 && VisitStatusRules.IsOutOfWindow(start, end, DateOnly.FromDayNumber(assessments[a].Day)));
            }
            var record = Record(p, procedure[i] < 0 ? null : procedures[procedure[i]], i, slot, current, rows, exit, lastKnownAlive);
            if (record is not null && identity.TryGetValue(p.Id, out var who))
                record = record with { Mrn = who.Mrn, Name = who.Name, BirthDate = who.BirthDate, DeathCause = record.Dead ? who.DeathCause : null };
            var status = p.Vital == VitalStatus.Alive ? lastKnownAlive : exit ?? lastKnownAlive;
            result[i] = new CohortPatient(p.StudyId, record, Date(p.EnrolmentDay), p.Enrolment, p.Voided, p.Group, p.PrimaryTumor, p.Site,
                p.Vital, status, buffer.AsSpan(0, count).ToArray());
        }
        return result;
    }

    /// <summary>The study row of a patient (without identifying data); null without a procedure or a status date.</summary>
    private StudyRecord? Record(PatientRow p, ProcedureRow? first, int i, int[] slot, int[] current, Rows rows, DateOnly? exit, DateOnly? lastKnownAlive)
    {
        if (first is not { } procedure) return null;
        var procedureDate = DateOnly.FromDayNumber(procedure.Day);
        var survival = SurvivalTime.For(procedureDate, p.Vital, exit, lastKnownAlive);
        if (survival is null) return null;
        int codes = StudyRecord.VisitCount;
        var vas = new decimal?[codes];
        var kps = new int?[codes];
        var dates = new DateOnly?[codes];
        for (int code = 0; code < codes; code++)
        {
            int k = slot[i * codes + code];
            if (k < 0 || current[k] < 0) continue;
            var a = rows.Assessments[current[k]];
            vas[code] = a.Vas;
            kps[code] = a.Kps;
            var date = DateOnly.FromDayNumber(a.Day);
            // The visit's target date is the default assessment date; the record keeps only other dates.
            dates[code] = date == schedule.WindowFor((VisitCode)code, procedureDate).Target ? null : date;
        }
        return new StudyRecord
        {
            StudyId = p.StudyId, Group = p.Group, Sex = p.Sex, Age = p.Age, PrimaryTumor = p.PrimaryTumor,
            PrimaryGrowth = p.PrimaryGrowth, MetastaticSite = p.Site, Segments = p.Segments,
            VisceralMetastasis = p.VisceralMetastasis, ProcedureDate = procedureDate, CementMl = procedure.CementMl,
            Seeds = procedure.Seeds, SeedActivityMci = procedure.SeedActivityMci, Vas = vas, Kps = kps, ScoreDates = dates,
            Dead = p.Vital == VitalStatus.Dead, StatusDate = procedureDate.AddDays(survival.Value.Days),
        };
    }

    private static DateOnly? Date(int? dayNumber) => dayNumber is { } d ? DateOnly.FromDayNumber(d) : null;
}
