using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data;

namespace PvpRegistry.Web.Features.Dashboards;

/// <summary>
/// The registry as the dashboards read it: four flat, untracked projections of only the columns the
/// panels use (no entity graphs, no change tracking, no identifying data), joined in memory by key.
/// <see cref="ToSnapshot"/> gives the same rows as <see cref="DashboardService.ToDashboardPatient"/> on the
/// full entities, without the names, MRNs and birth dates the dashboards never show.
/// </summary>
public sealed record DashboardRows(
    DashboardRows.PatientRow[] Patients,
    DashboardRows.ProcedureRow[] Procedures,
    DashboardRows.VisitRow[] Visits,
    DashboardRows.AssessmentRow[] Assessments)
{
    // Dates travel as day numbers (DateOnly.DayNumber, computed by the database): integers are read
    // without parsing a date string per value, which was most of the cost of loading visits.

    public readonly record struct PatientRow(
        int Id, string StudyId, int? EnrolmentDay, EnrolmentStatus Enrolment, bool Voided, TreatmentGroup Group, Sex Sex, int Age,
        PrimaryTumor PrimaryTumor, PrimaryGrowth PrimaryGrowth, MetastaticSite Site, int Segments, bool VisceralMetastasis,
        VitalStatus Vital, int? ExitDay, int? LastKnownAliveDay);

    /// <summary>A procedure that is not voided.</summary>
    public readonly record struct ProcedureRow(int Id, int PatientId, int Day, decimal CementMl, int Seeds, decimal? SeedActivityMci);

    /// <summary>A visit's window bounds (its target date is not read: the status and out-of-window rules use the bounds).</summary>
    public readonly record struct VisitRow(int Id, int PatientId, VisitCode Code, int StartDay, int EndDay, MissedReason? Missed);

    /// <summary>An assessment that is not voided.</summary>
    public readonly record struct AssessmentRow(int Id, int VisitId, decimal? Vas, int? Kps, int Day);

    /// <summary>
    /// The four queries on two contexts side by side: the visits (the most rows) on one, patients, procedures and
    /// assessments on the other. Like the split query it replaces, it reads without a transaction; rows of a
    /// patient saved in between are joined only when the patient is read too.
    /// </summary>
    public static async Task<DashboardRows> QueryAsync(IDbContextFactory<RegistryDbContext> dbFactory, CancellationToken ct = default)
    {
        var visits = Task.Run(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await ReadAsync(db, VisitQuery(db), ct);
        }, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var patients = await ReadAsync(db, PatientQuery(db), ct);
        var procedures = await ReadAsync(db, ProcedureQuery(db), ct);
        var assessments = await ReadAsync(db, AssessmentQuery(db), ct);
        return new DashboardRows(patients, procedures, await visits, assessments);
    }

    /// <summary>The four queries one after the other on one context.</summary>
    public static async Task<DashboardRows> QueryAsync(RegistryDbContext db, CancellationToken ct = default) =>
        new(await ReadAsync(db, PatientQuery(db), ct), await ReadAsync(db, ProcedureQuery(db), ct),
            await ReadAsync(db, VisitQuery(db), ct), await ReadAsync(db, AssessmentQuery(db), ct));

    /// <summary>
    /// SQLite runs in this process and its async reads complete synchronously, only slower (a task per row):
    /// there the rows are read synchronously, on a pool thread. Other providers read asynchronously.
    /// </summary>
    private static async Task<T[]> ReadAsync<T>(RegistryDbContext db, IQueryable<T> query, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return await query.ToArrayAsync(ct);
        ct.ThrowIfCancellationRequested();
        return await Task.Run(query.ToArray, ct);
    }

    private static IQueryable<PatientRow> PatientQuery(RegistryDbContext db) => db.Patients.AsNoTracking()
        .OrderBy(p => p.StudyId)
        .Select(p => new PatientRow(p.Id, p.StudyId, p.EnrolmentDate == null ? null : p.EnrolmentDate.Value.DayNumber, p.EnrolmentStatus,
            p.Voided != null, p.Group, p.Sex, p.AgeAtProcedure, p.PrimaryTumor, p.PrimaryGrowth, p.MetastaticSite, p.SegmentCount,
            p.VisceralMetastasis, p.VitalStatus, p.ExitDate == null ? null : p.ExitDate.Value.DayNumber,
            p.LastKnownAliveDate == null ? null : p.LastKnownAliveDate.Value.DayNumber));

    private static IQueryable<ProcedureRow> ProcedureQuery(RegistryDbContext db) => db.Procedures.AsNoTracking()
        .Where(x => x.Voided == null)
        .Select(x => new ProcedureRow(x.Id, x.PatientId, x.Date.DayNumber, x.CementTotalMl, x.SeedCount, x.SeedActivityMci));

    private static IQueryable<VisitRow> VisitQuery(RegistryDbContext db) => db.Visits.AsNoTracking()
        .Select(v => new VisitRow(v.Id, v.PatientId, v.Code, v.WindowStart.DayNumber, v.WindowEnd.DayNumber, v.MissedReason));

    private static IQueryable<AssessmentRow> AssessmentQuery(RegistryDbContext db) => db.Assessments.AsNoTracking()
        .Where(a => a.Voided == null)
        .Select(a => new AssessmentRow(a.Id, a.VisitId, a.Vas, a.Kps, a.AssessmentDate.DayNumber));

    /// <summary>
    /// Joins the rows by key in one pass over each: a patient's first procedure (earliest date), the visits by
    /// code and each visit's current assessment (the latest by date, then by ID), as the entity properties define them.
    /// </summary>
    public DashboardSnapshot ToSnapshot(FollowUpSchedule schedule, DateOnly today)
    {
        int n = Patients.Length, codes = StudyRecord.VisitCount;
        var patientIndex = new Dictionary<int, int>(n);
        for (int i = 0; i < n; i++) patientIndex[Patients[i].Id] = i;

        var procedure = new int[n];
        Array.Fill(procedure, -1);
        for (int k = 0; k < Procedures.Length; k++)
        {
            var x = Procedures[k];
            if (!patientIndex.TryGetValue(x.PatientId, out int i)) continue;
            int c = procedure[i];
            if (c < 0 || x.Day < Procedures[c].Day || (x.Day == Procedures[c].Day && x.Id < Procedures[c].Id)) procedure[i] = k;
        }

        // Visit slots by (patient, code); the (patient, code) pair is unique in the database.
        var slot = new int[n * codes];
        Array.Fill(slot, -1);
        var visitIndex = new Dictionary<int, int>(Visits.Length);
        for (int k = 0; k < Visits.Length; k++)
        {
            var v = Visits[k];
            if (!patientIndex.TryGetValue(v.PatientId, out int i)) continue;
            slot[i * codes + (int)v.Code] = k;
            visitIndex[v.Id] = k;
        }
        var current = new int[Visits.Length];
        Array.Fill(current, -1);
        for (int k = 0; k < Assessments.Length; k++)
        {
            var a = Assessments[k];
            if (!visitIndex.TryGetValue(a.VisitId, out int v)) continue;
            int c = current[v];
            if (c < 0 || a.Day > Assessments[c].Day || (a.Day == Assessments[c].Day && a.Id > Assessments[c].Id)) current[v] = k;
        }

        var result = new DashboardPatient[n];
        var buffer = new DashboardVisit[codes];
        for (int i = 0; i < n; i++)
        {
            var p = Patients[i];
            DateOnly? exit = Date(p.ExitDay), lastKnownAlive = Date(p.LastKnownAliveDay);
            var closure = Patient.ClosureOf(p.Vital, exit);
            int count = 0;
            for (int code = 0; code < codes; code++)
            {
                int k = slot[i * codes + code];
                if (k < 0) continue;
                var v = Visits[k];
                var (start, end) = (DateOnly.FromDayNumber(v.StartDay), DateOnly.FromDayNumber(v.EndDay));
                int a = current[k];
                buffer[count++] = new DashboardVisit(v.Code,
                    VisitStatusRules.StatusOn(start, end, a >= 0, v.Missed, closure, today).Status,
                    a >= 0 && VisitStatusRules.IsOutOfWindow(start, end, DateOnly.FromDayNumber(Assessments[a].Day)));
            }
            var status = p.Vital == VitalStatus.Alive ? lastKnownAlive : exit ?? lastKnownAlive;
            result[i] = new DashboardPatient(p.StudyId, Record(i, procedure[i], slot, current, schedule, exit, lastKnownAlive), Date(p.EnrolmentDay), p.Enrolment,
                p.Voided, p.Group, p.PrimaryTumor, p.Site, p.Vital, status, buffer.AsSpan(0, count).ToArray());
        }
        return new DashboardSnapshot(result, today);
    }

    /// <summary>The study row as <see cref="Data.StudyCsv.StudyRecordMapping.ToRecord"/> makes it, less the identifying fields.</summary>
    private StudyRecord? Record(int i, int procedureIndex, int[] slot, int[] current, FollowUpSchedule schedule, DateOnly? exit, DateOnly? lastKnownAlive)
    {
        if (procedureIndex < 0) return null;
        var p = Patients[i];
        var procedure = Procedures[procedureIndex];
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
            var a = Assessments[current[k]];
            vas[code] = a.Vas;
            kps[code] = a.Kps;
            var date = DateOnly.FromDayNumber(a.Day);
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
