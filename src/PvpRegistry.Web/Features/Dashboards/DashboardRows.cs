using System.Data.Common;
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
    /// The four queries on two contexts side by side, each on a pool thread: the visits (the most rows) on one,
    /// patients, procedures and assessments on the other. Like the split query it replaces, it reads without a
    /// transaction; rows of a patient saved in between are joined only when the patient is read too.
    /// </summary>
    public static async Task<DashboardRows> QueryAsync(IDbContextFactory<RegistryDbContext> dbFactory, CancellationToken ct = default)
    {
        var visits = Task.Run(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await ReadAsync(db, VisitQuery(db), ReadVisit, ct);
        }, ct);
        var rest = Task.Run(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return (await ReadAsync(db, PatientQuery(db), ReadPatient, ct), await ReadAsync(db, ProcedureQuery(db), ReadProcedure, ct),
                await ReadAsync(db, AssessmentQuery(db), ReadAssessment, ct));
        }, ct);
        var (patients, procedures, assessments) = await rest;
        return new DashboardRows(patients, procedures, await visits, assessments);
    }

    /// <summary>The four queries one after the other on one context, on the calling thread.</summary>
    public static async Task<DashboardRows> QueryAsync(RegistryDbContext db, CancellationToken ct = default) =>
        new(await ReadAsync(db, PatientQuery(db), ReadPatient, ct), await ReadAsync(db, ProcedureQuery(db), ReadProcedure, ct),
            await ReadAsync(db, VisitQuery(db), ReadVisit, ct), await ReadAsync(db, AssessmentQuery(db), ReadAssessment, ct));

    /// <summary>
    /// Runs a query as EF Core writes it for the provider and reads its columns by position (checked against the
    /// projection's names): about a third faster than materializing through EF for this many rows. SQLite runs in
    /// this process and its async reads complete synchronously, only slower, so it is read synchronously.
    /// </summary>
    private static async Task<TRow[]> ReadAsync<TColumns, TRow>(RegistryDbContext db, IQueryable<TColumns> query, Func<DbDataReader, TRow> row, CancellationToken ct)
    {
        bool sqlite = db.Database.IsSqlite();
        await using var command = query.CreateDbCommand();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var reader = sqlite ? command.ExecuteReader() : await command.ExecuteReaderAsync(ct);
            var names = typeof(TColumns).GetProperties().Select(p => p.Name).ToArray();
            if (reader.FieldCount != names.Length || names.Where((name, i) => reader.GetName(i) != name).Any())
                throw new InvalidOperationException($"The dashboard query returned the columns {string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetName))}, not {string.Join(", ", names)}.");
            var rows = new List<TRow>();
            while (sqlite ? reader.Read() : await reader.ReadAsync(ct))
            {
                if (rows.Count % 4096 == 0) ct.ThrowIfCancellationRequested();
                rows.Add(row(reader));
            }
            return rows.ToArray();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // The projections (column names = member names) and their readers, in the same order.

    private static IQueryable<PatientColumns> PatientQuery(RegistryDbContext db) => db.Patients.AsNoTracking()
        .OrderBy(p => p.StudyId)
        .Select(p => new PatientColumns
        {
            Id = p.Id, StudyId = p.StudyId, EnrolmentDay = p.EnrolmentDate == null ? null : p.EnrolmentDate.Value.DayNumber,
            EnrolmentStatus = p.EnrolmentStatus, Voided = p.Voided != null, Group = p.Group, Sex = p.Sex, AgeAtProcedure = p.AgeAtProcedure,
            PrimaryTumor = p.PrimaryTumor, PrimaryGrowth = p.PrimaryGrowth, MetastaticSite = p.MetastaticSite, SegmentCount = p.SegmentCount,
            VisceralMetastasis = p.VisceralMetastasis, VitalStatus = p.VitalStatus, ExitDay = p.ExitDate == null ? null : p.ExitDate.Value.DayNumber,
            LastKnownAliveDay = p.LastKnownAliveDate == null ? null : p.LastKnownAliveDate.Value.DayNumber,
        });

    private static PatientRow ReadPatient(DbDataReader r) => new(
        r.GetInt32(0), r.GetString(1), NullableInt(r, 2), Enum.Parse<EnrolmentStatus>(r.GetString(3)), r.GetBoolean(4),
        Enum.Parse<TreatmentGroup>(r.GetString(5)), Enum.Parse<Sex>(r.GetString(6)), r.GetInt32(7), Enum.Parse<PrimaryTumor>(r.GetString(8)),
        Enum.Parse<PrimaryGrowth>(r.GetString(9)), Enum.Parse<MetastaticSite>(r.GetString(10)), r.GetInt32(11), r.GetBoolean(12),
        Enum.Parse<VitalStatus>(r.GetString(13)), NullableInt(r, 14), NullableInt(r, 15));

    private static IQueryable<ProcedureColumns> ProcedureQuery(RegistryDbContext db) => db.Procedures.AsNoTracking()
        .Where(x => x.Voided == null)
        .Select(x => new ProcedureColumns
        {
            Id = x.Id, PatientId = x.PatientId, Day = x.Date.DayNumber, CementTotalMl = x.CementTotalMl, SeedCount = x.SeedCount, SeedActivityMci = x.SeedActivityMci,
        });

    private static ProcedureRow ReadProcedure(DbDataReader r) => new(
        r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetDecimal(3), r.GetInt32(4), r.IsDBNull(5) ? null : r.GetDecimal(5));

    private static IQueryable<VisitColumns> VisitQuery(RegistryDbContext db) => db.Visits.AsNoTracking()
        .Select(v => new VisitColumns
        {
            Id = v.Id, PatientId = v.PatientId, Code = v.Code, StartDay = v.WindowStart.DayNumber, EndDay = v.WindowEnd.DayNumber, MissedReason = v.MissedReason,
        });

    private static VisitRow ReadVisit(DbDataReader r) => new(
        r.GetInt32(0), r.GetInt32(1), Enum.Parse<VisitCode>(r.GetString(2)), r.GetInt32(3), r.GetInt32(4),
        r.IsDBNull(5) ? null : Enum.Parse<MissedReason>(r.GetString(5)));

    private static IQueryable<AssessmentColumns> AssessmentQuery(RegistryDbContext db) => db.Assessments.AsNoTracking()
        .Where(a => a.Voided == null)
        .Select(a => new AssessmentColumns { Id = a.Id, VisitId = a.VisitId, Vas = a.Vas, Kps = a.Kps, Day = a.AssessmentDate.DayNumber });

    private static AssessmentRow ReadAssessment(DbDataReader r) => new(
        r.GetInt32(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetDecimal(2), NullableInt(r, 3), r.GetInt32(4));

    private static int? NullableInt(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);

    // The shapes of the projections: only their member names and order matter (the SQL's column names and order).
    private sealed class PatientColumns
    {
        public int Id { get; init; }
        public string StudyId { get; init; } = "";
        public int? EnrolmentDay { get; init; }
        public EnrolmentStatus EnrolmentStatus { get; init; }
        public bool Voided { get; init; }
        public TreatmentGroup Group { get; init; }
        public Sex Sex { get; init; }
        public int AgeAtProcedure { get; init; }
        public PrimaryTumor PrimaryTumor { get; init; }
        public PrimaryGrowth PrimaryGrowth { get; init; }
        public MetastaticSite MetastaticSite { get; init; }
        public int SegmentCount { get; init; }
        public bool VisceralMetastasis { get; init; }
        public VitalStatus VitalStatus { get; init; }
        public int? ExitDay { get; init; }
        public int? LastKnownAliveDay { get; init; }
    }

    private sealed class ProcedureColumns
    {
        public int Id { get; init; }
        public int PatientId { get; init; }
        public int Day { get; init; }
        public decimal CementTotalMl { get; init; }
        public int SeedCount { get; init; }
        public decimal? SeedActivityMci { get; init; }
    }

    private sealed class VisitColumns
    {
        public int Id { get; init; }
        public int PatientId { get; init; }
        public VisitCode Code { get; init; }
        public int StartDay { get; init; }
        public int EndDay { get; init; }
        public MissedReason? MissedReason { get; init; }
    }

    private sealed class AssessmentColumns
    {
        public int Id { get; init; }
        public int VisitId { get; init; }
        public decimal? Vas { get; init; }
        public int? Kps { get; init; }
        public int Day { get; init; }
    }

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
