using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PvpRegistry.Core;
using PvpRegistry.Data.StudyCsv;

namespace PvpRegistry.Data.Demo;

/// <summary>
/// The synthetic demo cohort (62 patients shaped like the study's Table 1; not real patients).
/// Its dates are moved, all by the same number of days, so that the latest follow-up was a week
/// ago: the worklist is then live while every survival time stays as in the file.
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
        save.Settings.Add(new RegistrySetting { Key = LoadedSetting, Value = "true" });
        await save.SaveChangesAsync(ct);
        logger.LogInformation("Loaded the synthetic demo cohort: {Count} patients", rows.Count);
        return rows.Count;
    }

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
        if (!await IsLoadedAsync(ct)) throw new InvalidOperationException("The registry holds no demo data.");
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
            Reason = string.IsNullOrWhiteSpace(reason) ? "Start empty: synthetic demo cohort removed" : $"Start empty: {reason.Trim()}",
        });
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
    public async Task<int> RetireDemoAccountsAsync(string actor, string why, CancellationToken ct = default)
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
                Field = "IsDisabled", OldValue = "False", NewValue = "True", Reason = $"demo account: {why}",
            });
        }
        db.Settings.Remove(setting);
        await db.SaveChangesAsync(ct);
        if (accounts.Count > 0) logger.LogInformation("Disabled {Count} demo account(s): {Why}", accounts.Count, why);
        return accounts.Count;
    }

    /// <summary>A demo account as the login page lists it (user name and role; the password is not needed here).</summary>
    private sealed record ListedAccount(string UserName, string Role);

    private const string Loader = "demo-loader";
}

/// <summary>"Start empty" needs a reason: someone has saved since the demo cohort was loaded.</summary>
public class DemoEditedException(string message) : InvalidOperationException(message);
