using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PvpRegistry.Core;
using PvpRegistry.Data.StudyCsv;

namespace PvpRegistry.Data.Demo;

/// <summary>
/// The synthetic demo cohort (62 patients shaped like the study's Table 1; not real patients).
/// Its dates are moved, all by the same number of days, so that the latest follow-up was a week
/// ago, while every survival time stays as in the file. Being history, its unrecorded visits are closed as
/// "window passed" at load; the <see cref="RecentPatients"/>, operated in the last weeks before today, give the
/// worklist and the reminders today's work.
/// </summary>
public class DemoCohort(IDbContextFactory<RegistryDbContext> dbFactory, FollowUpSchedule schedule, RegistryClock clock, ILogger<DemoCohort> logger,
    Microsoft.Extensions.Options.IOptions<FollowUpOptions> followUp)
{
    public const string LoadedSetting = "Demo.Loaded";
    public const string Label = "Synthetic demo data";

    /// <summary>The setting holding the demo accounts listed on the login page (written at first start).</summary>
    public const string CredentialsSetting = "Demo.Credentials";

    public static string DefaultFile => Path.Combine(AppContext.BaseDirectory, "DemoData", "cohort-demo.csv");

    public async Task<bool> IsLoadedAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Settings.AnyAsync(s => s.Key == LoadedSetting && s.Value == "true", ct);
    }

    /// <summary>Loads the cohort into an empty database; does nothing when any patient exists.</summary>
    public async Task<int> LoadIfEmptyAsync(string file, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.Patients.AnyAsync(ct)) return 0;
        }
        var (rows, problems) = ReadFile(file);
        if (problems.Count > 0) throw new InvalidDataException($"The demo cohort file is invalid: {problems[0]}");

        int shift = clock.Today.AddDays(-7).DayNumber - rows.Max(r => r.Record.StatusDate.DayNumber);
        var now = clock.UtcNow;
        await using var save = await dbFactory.CreateDbContextAsync(ct);
        save.Actor = Loader;
        save.Clock = clock.Time;
        foreach (var (_, r, _) in rows)
        {
            var moved = r with
            {
                ProcedureDate = r.ProcedureDate.AddDays(shift),
                StatusDate = r.StatusDate.AddDays(shift),
                ScoreDates = r.ScoreDates.Select(d => d?.AddDays(shift)).ToArray(),
            };
            var patient = StudyRecordMapping.NewPatient(moved, schedule, Loader, now);
            PassedWindows.ClosePassedVisits(patient, clock.Today, followUp.Value.CloseAsMissedAfterDays, now);
            save.Patients.Add(patient);
        }
        var recent = RecentPatients(clock.Today, schedule);
        foreach (var patient in recent)
        {
            var broken = RecordRules.Check(PatientFacts.Of(patient, clock.Today, clock.Zone)).Where(v => v.IsRefused).ToList();
            if (broken.Count > 0) throw new InvalidDataException($"The recent demo patient {patient.StudyId} breaks a record rule: {broken[0].Message}");
            PassedWindows.ClosePassedVisits(patient, clock.Today, followUp.Value.CloseAsMissedAfterDays, now);
            save.Patients.Add(patient);
        }
        save.Settings.Add(new RegistrySetting { Key = LoadedSetting, Value = "true" });
        await save.SaveChangesAsync(ct);
        logger.LogInformation("Loaded the synthetic demo cohort: {Count} patients and {Recent} recently operated", rows.Count, recent.Count);
        return rows.Count + recent.Count;
    }

    /// <summary>
    /// Synthetic patients operated in the last weeks before <paramref name="today"/> (study IDs after the file's), whose
    /// follow-up has not been recorded yet: visits overdue, due now, with the target within 7 days and later are on the
    /// worklist, and the
    /// reminders' start-up run raises their reminders. With no score and no vital status recorded they have no status
    /// date, so the study analyses leave them out (counted among the patients "without a procedure or a status date"),
    /// and the cohort's statistics are the file's.
    /// </summary>
    public static List<Patient> RecentPatients(DateOnly today, FollowUpSchedule schedule)
    {
        // Days since the procedure: the day-1 visit due now (1-3), overdue (6), the 1-month target within 7 days (24, 27),
        // reached (30, 33, 36), the 1-month window closed (40), the 3-month target 11 days ahead (80); the preop visits of
        // the first days are overdue.
        (int DaysAgo, TreatmentGroup Group, Sex Sex, int Age, PrimaryTumor Tumor, PrimaryGrowth Growth, MetastaticSite Site, SpinalLevel[] Levels, decimal CementMl, int Seeds)[] recent =
        [
            (1, TreatmentGroup.Pvp, Sex.Female, 64, PrimaryTumor.Breast, PrimaryGrowth.Slow, MetastaticSite.Lumbar, [SpinalLevel.L2], 3.8m, 0),
            (2, TreatmentGroup.PvpI125, Sex.Male, 69, PrimaryTumor.Lung, PrimaryGrowth.Rapid, MetastaticSite.Lumbar, [SpinalLevel.L1, SpinalLevel.L3], 6.2m, 16),
            (3, TreatmentGroup.Pvp, Sex.Male, 72, PrimaryTumor.Prostate, PrimaryGrowth.Slow, MetastaticSite.Sacral, [SpinalLevel.S1], 3.2m, 0),
            (6, TreatmentGroup.PvpI125, Sex.Female, 58, PrimaryTumor.Breast, PrimaryGrowth.Moderate, MetastaticSite.Lumbosacral, [SpinalLevel.L5, SpinalLevel.S1], 5.4m, 14),
            (80, TreatmentGroup.Pvp, Sex.Male, 61, PrimaryTumor.Lung, PrimaryGrowth.Rapid, MetastaticSite.Lumbar, [SpinalLevel.L4], 4.2m, 0),
            (24, TreatmentGroup.PvpI125, Sex.Male, 66, PrimaryTumor.Bladder, PrimaryGrowth.Moderate, MetastaticSite.Lumbar, [SpinalLevel.L3], 4.6m, 12),
            (27, TreatmentGroup.Pvp, Sex.Female, 55, PrimaryTumor.Other, PrimaryGrowth.Moderate, MetastaticSite.Lumbar, [SpinalLevel.L2, SpinalLevel.L4], 6.8m, 0),
            (30, TreatmentGroup.PvpI125, Sex.Male, 70, PrimaryTumor.Prostate, PrimaryGrowth.Slow, MetastaticSite.Lumbosacral, [SpinalLevel.L5], 3.9m, 15),
            (33, TreatmentGroup.Pvp, Sex.Female, 67, PrimaryTumor.Lung, PrimaryGrowth.Rapid, MetastaticSite.Sacral, [SpinalLevel.S1, SpinalLevel.S2], 5.0m, 0),
            (36, TreatmentGroup.PvpI125, Sex.Female, 63, PrimaryTumor.Breast, PrimaryGrowth.Slow, MetastaticSite.Lumbar, [SpinalLevel.L1], 4.4m, 13),
            (40, TreatmentGroup.Pvp, Sex.Male, 74, PrimaryTumor.DuodenalPapillary, PrimaryGrowth.Rapid, MetastaticSite.Lumbar, [SpinalLevel.L3], 3.6m, 0),
        ];
        return recent.Select((r, i) =>
        {
            var procedureDate = today.AddDays(-r.DaysAgo);
            var patient = new Patient
            {
                StudyId = $"COHORT-DEMO-{FirstRecentNumber + i:000}", Sex = r.Sex, AgeAtProcedure = r.Age, Group = r.Group,
                PrimaryTumor = r.Tumor, PrimaryGrowth = r.Growth, MetastaticSite = r.Site, SegmentCount = r.Levels.Length,
                InvolvedLevels = [.. r.Levels], VisceralMetastasis = r.Growth == PrimaryGrowth.Rapid, FrankelGrade = FrankelGrade.E,
                ConsentDate = procedureDate.AddDays(-3), EnrolmentDate = procedureDate.AddDays(-3),
                EnrolmentStatus = EnrolmentStatus.Enrolled, Eligibility = Eligibility.AllMet(), VitalStatus = VitalStatus.Alive,
            };
            patient.Procedures.Add(new Procedure
            {
                Date = procedureDate, Surgeon = "Synthetic demo", CementTotalMl = r.CementMl,
                TreatedLevels = [.. r.Levels.Select(level => new TreatedLevel { Level = level, CementMl = Math.Round(r.CementMl / r.Levels.Length, 1) })],
                SeedCount = r.Seeds, SeedActivityMci = r.Seeds > 0 ? 0.6m : null,
            });
            patient.Visits.AddRange(schedule.CreateVisits(procedureDate));
            return patient;
        }).ToList();
    }

    /// <summary>The study number of the first recent patient: after the file's 62.</summary>
    private const int FirstRecentNumber = 63;

    private StudyCsvFormat.ReadResult ReadFile(string file)
    {
        using var stream = File.OpenRead(file);
        return StudyCsvFormat.Read(stream, schedule, clock.Today);
    }

    /// <summary>
    /// Removes the demo patients so the registry starts empty ("Start empty"). While nothing but the demo loader has
    /// saved, no reason is needed. Once someone has saved (on a demo patient, or real patients were entered), a reason
    /// is required: only the patients the demo loader created are removed, real patients stay, and the audit trail
    /// keeps every row (the removal itself is audited with the reason).
    /// </summary>
    public async Task<int> ClearAsync(string actor, string? reason = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor;
        if (!await IsLoadedAsync(ct)) throw new RefusedException(new("demo_none"));
        var clinical = new[] { nameof(Patient), nameof(Procedure), nameof(FollowUpVisit), nameof(Assessment), nameof(ContactAttempt), nameof(VitalStatusEvent), nameof(DataQuery) };
        bool savedSince = await db.AuditTrail.AnyAsync(a => a.User != Loader && a.User != PassedWindows.ClosedBy && clinical.Contains(a.Entity), ct);
        if (savedSince && string.IsNullOrWhiteSpace(reason))
            throw new DemoEditedException("Someone has saved in the registry since the demo cohort was loaded. Give a reason to remove the demo patients: "
                                          + "real patients are kept, and the audit trail keeps every change.");
        var demoKeys = await db.AuditTrail.Where(a => a.Entity == nameof(Patient) && a.Action == "created" && a.User == Loader)
            .Select(a => a.RecordKey!).ToListAsync(ct);
        var demo = demoKeys.Select(k => int.Parse(k, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Demo rows are synthetic and never clinical: they are removed, not voided, with the removal audited.
        foreach (var chunk in demo.Chunk(500))
        {
            var visits = db.Visits.Where(v => chunk.Contains(v.PatientId)).Select(v => v.Id);
            await db.Reminders.Where(r => visits.Contains(r.VisitId)).ExecuteDeleteAsync(ct);
            await db.ContactAttempts.Where(c => visits.Contains(c.VisitId)).ExecuteDeleteAsync(ct);
            await db.Assessments.Where(a => visits.Contains(a.VisitId)).ExecuteDeleteAsync(ct);
            await db.DataQueries.Where(q => chunk.Contains(q.PatientId)).ExecuteDeleteAsync(ct);
            await db.VitalStatusEvents.Where(v => chunk.Contains(v.PatientId)).ExecuteDeleteAsync(ct);
            await db.Visits.Where(v => chunk.Contains(v.PatientId)).ExecuteDeleteAsync(ct);
            await db.Procedures.Where(p => chunk.Contains(p.PatientId)).ExecuteDeleteAsync(ct);
            await db.Patients.Where(p => chunk.Contains(p.Id)).ExecuteDeleteAsync(ct);
        }
        await db.Settings.Where(s => s.Key == LoadedSetting).ExecuteDeleteAsync(ct);
        db.AuditTrail.Add(new AuditEntry
        {
            AtUtc = clock.UtcNow, User = db.Actor, Action = "demo_cleared", Entity = "Registry", NewValue = $"{demo.Count} demo patients removed",
        }.Because(AuditReasons.DemoCleared(reason)));
        RegistryChangeFeed.Append(db, clinical, clock.UtcNow);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Removed the synthetic demo cohort: {Count} patients", demo.Count);
        return demo.Count;
    }

    /// <summary>
    /// The demo accounts (their passwords are listed on the login page) are disabled as soon as real data is entered
    /// (a patient created or imported), and their credentials forgotten; audited with <paramref name="why"/>.
    /// The admin account is never a demo account. Returns how many were disabled.
    /// </summary>
    public async Task<int> RetireDemoAccountsAsync(string actor, RegistryMessage why, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var setting = await db.Settings.SingleOrDefaultAsync(s => s.Key == CredentialsSetting, ct);
        if (setting is null) return 0;
        var names = (JsonSerializer.Deserialize<List<ListedAccount>>(setting.Value) ?? [])
            .Where(c => c.Role != Roles.Admin).Select(c => c.UserName).ToList();
        var accounts = await db.Users.Where(u => names.Contains(u.UserName!) && !u.IsDisabled).ToListAsync(ct);
        var now = clock.UtcNow;
        foreach (var user in accounts)
        {
            user.IsDisabled = true;
            // A new stamp ends the account's open sessions at the next revalidation.
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            db.AuditTrail.Add(new AuditEntry
            {
                AtUtc = now, User = actor, Action = "user_disabled", Entity = "User", RecordKey = user.UserName,
                Field = "IsDisabled", OldValue = "False", NewValue = "True",
            }.Because(why));
        }
        db.Settings.Remove(setting);
        await db.SaveChangesAsync(ct);
        if (accounts.Count > 0) logger.LogInformation("Disabled {Count} demo account(s): {Why}", accounts.Count, why.English);
        return accounts.Count;
    }

    /// <summary>A demo account as the login page lists it (user name and role; the password is not needed here).</summary>
    private sealed record ListedAccount(string UserName, string Role);

    private const string Loader = "demo-loader";
}

/// <summary>"Start empty" needs a reason: someone has saved since the demo cohort was loaded.</summary>
public class DemoEditedException(string message) : InvalidOperationException(message);
