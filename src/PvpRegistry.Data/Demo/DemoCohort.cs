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
        using var reader = new StreamReader(file);
        var (rows, problems) = StudyCsvFormat.Read(reader, schedule, clock.Today);
        if (problems.Count > 0) throw new InvalidDataException($"The demo cohort file is invalid: {problems[0]}");

        int shift = clock.Today.AddDays(-7).DayNumber - rows.Max(r => r.Record.StatusDate.DayNumber);
        var now = clock.UtcNow;
        await using var save = await dbFactory.CreateDbContextAsync(ct);
        save.Actor = "demo-loader";
        save.Clock = clock.Time;
        foreach (var (_, r, _) in rows)
        {
            var moved = r with
            {
                ProcedureDate = r.ProcedureDate.AddDays(shift),
                StatusDate = r.StatusDate.AddDays(shift),
                ScoreDates = r.ScoreDates.Select(d => d?.AddDays(shift)).ToArray(),
            };
            var patient = StudyRecordMapping.NewPatient(moved, schedule, "demo-loader", now);
            PassedWindows.ClosePassedVisits(patient, clock.Today, followUp.Value.CloseAsMissedAfterDays, now);
            save.Patients.Add(patient);
        }
        save.Settings.Add(new RegistrySetting { Key = LoadedSetting, Value = "true" });
        await save.SaveChangesAsync(ct);
        logger.LogInformation("Loaded the synthetic demo cohort: {Count} patients", rows.Count);
        return rows.Count;
    }

    /// <summary>Removes the demo cohort so the registry starts empty (only while nothing but demo data is stored).</summary>
    public async Task ClearAsync(string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor;
        if (!await IsLoadedAsync(ct)) throw new InvalidOperationException("The registry holds no demo data.");
        var clinical = new[] { nameof(Patient), nameof(Procedure), nameof(FollowUpVisit), nameof(Assessment), nameof(ContactAttempt), nameof(VitalStatusEvent) };
        if (await db.AuditTrail.AnyAsync(a => a.User != "demo-loader" && a.User != PassedWindows.ClosedBy && clinical.Contains(a.Entity), ct))
            throw new InvalidOperationException("Real data has been entered since the demo cohort was loaded; the demo cohort cannot be removed automatically.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Demo rows are synthetic and never clinical: they are removed, not voided, with the removal audited.
        await db.Reminders.ExecuteDeleteAsync(ct);
        await db.ContactAttempts.ExecuteDeleteAsync(ct);
        await db.Assessments.ExecuteDeleteAsync(ct);
        await db.VitalStatusEvents.ExecuteDeleteAsync(ct);
        await db.Visits.ExecuteDeleteAsync(ct);
        await db.Procedures.ExecuteDeleteAsync(ct);
        await db.Patients.ExecuteDeleteAsync(ct);
        await db.Settings.Where(s => s.Key == LoadedSetting).ExecuteDeleteAsync(ct);
        db.AuditTrail.Add(new AuditEntry { AtUtc = clock.UtcNow, User = db.Actor, Action = "demo_cleared", Entity = "Registry", Reason = "Start empty: synthetic demo cohort removed" });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
