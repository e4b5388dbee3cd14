using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PvpRegistry.Core;
using PvpRegistry.Data.FollowUp;

namespace PvpRegistry.Data.Reminders;

/// <summary>A reminder a run created (or, dry, would create).</summary>
public record CreatedReminder(int VisitId, string StudyId, VisitCode Visit, ReminderKind Kind);

/// <summary>A digest a run put into the outbox.</summary>
public record QueuedDigest(string Recipient, int Reminders);

public record ReminderRunResult(DateOnly Day, bool DryRun, IReadOnlyList<CreatedReminder> Created, int Resolved, IReadOnlyList<QueuedDigest> Digests);

/// <summary>
/// The reminder rules, run for one calendar day D (the scheduler's daily and start-up runs, and `pvp reminders run`).
/// A run creates only what is current on D: window_opens for each visit due on D, closing_soon for each due visit
/// with at most <see cref="ReminderOptions.ClosingSoonDays"/> left in its window, overdue for each overdue visit;
/// each only if that visit has no reminder of that kind yet. Being state-based, one run on the day the app comes
/// back catches up on the days it was down, without raising kinds that are no longer current (a visit that opened
/// and closed meanwhile gets its overdue reminder, not a stale window_opens).
/// <para>Once only, across restarts and instances: the database's unique index on (VisitId, Kind) decides; a row
/// another instance inserted first is skipped (the unique violation is caught per row), so each reminder is created
/// by exactly one run. Digests are queued with a unique key "digest:{D}:{recipient}", the same way.</para>
/// </summary>
public class ReminderRun(
    IDbContextFactory<RegistryDbContext> dbFactory, Worklist worklist, ReminderSettings settings, RegistryClock clock,
    IRegistryChangeNotifier notifier, ILogger<ReminderRun> logger)
{
    /// <summary>The reminders current on <paramref name="day"/> that do not exist yet (of the given patients' visits only, when given).</summary>
    public async Task<List<CreatedReminder>> PendingAsync(DateOnly day, CancellationToken ct = default) => await PendingAsync(day, null, ct);

    private async Task<List<CreatedReminder>> PendingAsync(DateOnly day, IReadOnlyCollection<int>? patientIds, CancellationToken ct)
    {
        var options = await settings.CurrentAsync(ct);
        var current = (await worklist.DueAndOverdueAsync(day, patientIds, ct)).SelectMany(item => KindsOn(item, options.ClosingSoonDays)
            .Select(kind => new CreatedReminder(item.VisitId, item.StudyId, item.Visit, kind))).ToList();
        if (current.Count == 0) return [];
        var visitIds = current.Select(c => c.VisitId).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = (await db.Reminders.AsNoTracking().Where(r => visitIds.Contains(r.VisitId)).Select(r => new { r.VisitId, r.Kind }).ToListAsync(ct))
            .Select(r => (r.VisitId, r.Kind)).ToHashSet();
        return current.Where(c => !existing.Contains((c.VisitId, c.Kind)))
            .OrderBy(c => c.StudyId, StringComparer.Ordinal).ThenBy(c => c.Visit).ThenBy(c => c.Kind).ToList();
    }

    /// <summary>The kinds current for a visit on the worklist of a day.</summary>
    public static IEnumerable<ReminderKind> KindsOn(WorklistItem item, int closingSoonDays)
    {
        if (item.Status == VisitStatus.Overdue) { yield return ReminderKind.Overdue; yield break; }
        if (item.Status != VisitStatus.Due) yield break;
        yield return ReminderKind.WindowOpens;
        if (item.DaysLeft <= closingSoonDays) yield return ReminderKind.ClosingSoon;
    }

    public async Task<ReminderRunResult> RunAsync(DateOnly day, bool dryRun = false, CancellationToken ct = default)
    {
        var pending = await PendingAsync(day, ct);
        if (dryRun) return new ReminderRunResult(day, true, pending, 0, []);

        var now = clock.UtcNow;
        var created = await InsertAsync(pending, day, now, ct);
        int resolved = await ResolveDoneAsync(day, null, now, ct);
        var digests = await QueueDigestsAsync(day, now, ct);
        await RecordLastRunAsync(day, ct);
        if (created.Count > 0 || resolved > 0) notifier.Publish(new RegistryChange(new HashSet<string> { nameof(Reminder) }, now));
        logger.LogInformation("Reminder run for {Day}: {Created} created, {Resolved} resolved, {Digests} digest(s) queued",
            day.ToString("yyyy-MM-dd"), created.Count, resolved, digests.Count);
        return new ReminderRunResult(day, false, created, resolved, digests);
    }

    /// <summary>
    /// Raises at once the reminders current today for the visits of the given patients (all when null), for every path
    /// that creates or moves a schedule (a procedure recorded, its date corrected, an import): the bell then agrees with
    /// the worklist without waiting for the daily run. Reminders of visits no longer due are resolved. Reminders raised
    /// after today's run go out in the next day's digest (their ForDate is that day). Only the given patients' visits
    /// are read (a procedure saved reads one patient's seven visits, not the whole worklist). Returns how many were created.
    /// </summary>
    public async Task<int> RaiseNowAsync(IReadOnlyCollection<int>? patientIds = null, CancellationToken ct = default)
    {
        var today = clock.Today;
        var pending = await PendingAsync(today, patientIds, ct);
        var now = clock.UtcNow;
        var digestDay = await LastRunAsync(ct) is { } lastRun && lastRun >= today ? today.AddDays(1) : today;
        var created = await InsertAsync(pending, digestDay, now, ct);
        int resolved = await ResolveDoneAsync(today, patientIds, now, ct);
        if (created.Count > 0 || resolved > 0) notifier.Publish(new RegistryChange(new HashSet<string> { nameof(Reminder) }, now));
        return created.Count;
    }

    /// <summary>Inserts all at once; when another instance got some of them first, row by row, skipping the ones that exist.</summary>
    private async Task<List<CreatedReminder>> InsertAsync(List<CreatedReminder> pending, DateOnly day, DateTime now, CancellationToken ct)
    {
        if (pending.Count == 0) return [];
        Reminder New(CreatedReminder c) => new() { VisitId = c.VisitId, Kind = c.Kind, ForDate = day, CreatedAtUtc = now };
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Reminders.AddRange(pending.Select(New));
            await db.SaveChangesAsync(ct);
            return pending;
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            logger.LogInformation("Some reminders for {Day} were created by another instance meanwhile; inserting one by one", day.ToString("yyyy-MM-dd"));
        }
        var created = new List<CreatedReminder>();
        foreach (var c in pending)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                db.Reminders.Add(New(c));
                await db.SaveChangesAsync(ct);
                created.Add(c);
            }
            catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex)) { /* the other instance's row stands */ }
        }
        return created;
    }

    /// <summary>
    /// Marks resolved the open reminders of visits no longer due or overdue on the day (completed, missed, closed by
    /// status), of the given patients' visits only when given.
    /// </summary>
    private async Task<int> ResolveDoneAsync(DateOnly day, IReadOnlyCollection<int>? patientIds, DateTime now, CancellationToken ct)
    {
        var stillOpen = (await worklist.DueAndOverdueAsync(day, patientIds, ct)).Select(i => i.VisitId).ToHashSet();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unresolved = db.Reminders.Where(r => r.ResolvedAtUtc == null);
        if (patientIds is { Count: <= Study.CohortLoader.MostIdsInQuery }) unresolved = unresolved.Where(r => patientIds.Contains(r.Visit!.PatientId));
        var open = await unresolved.Select(r => new { r.Id, r.VisitId, r.Visit!.PatientId }).ToListAsync(ct);
        if (patientIds is { Count: > Study.CohortLoader.MostIdsInQuery })
        {
            var wanted = patientIds.ToHashSet();
            open = open.Where(r => wanted.Contains(r.PatientId)).ToList();
        }
        var done = open.Where(r => !stillOpen.Contains(r.VisitId)).Select(r => r.Id).ToList();
        int n = 0;
        foreach (var chunk in done.Chunk(500))
            n += await db.Reminders.Where(r => chunk.Contains(r.Id) && r.ResolvedAtUtc == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.ResolvedAtUtc, now), ct);
        return n;
    }

    /// <summary>
    /// Marks the open reminders of one visit resolved now. The app does not need it after a save: every screen reads a
    /// reminder of a visit completed, missed or closed as resolved (<see cref="ReminderInbox.IsOpenOn"/>), and the next
    /// run records it.
    /// </summary>
    public async Task<int> ResolveVisitAsync(int visitId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.UtcNow;
        int n = await db.Reminders.Where(r => r.VisitId == visitId && r.ResolvedAtUtc == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.ResolvedAtUtc, now), ct);
        if (n > 0) notifier.Publish(new RegistryChange(new HashSet<string> { nameof(Reminder) }, now));
        return n;
    }

    /// <summary>One digest per recipient with the day's open reminders, when e-mail is configured.</summary>
    private async Task<List<QueuedDigest>> QueueDigestsAsync(DateOnly day, DateTime now, CancellationToken ct)
    {
        var options = await settings.CurrentAsync(ct);
        if (!options.EmailEnabled) return [];
        var lines = await DigestLinesAsync(day, ct);
        if (lines.Count == 0) return [];

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var nurses = await db.Users.AsNoTracking()
            .Where(u => u.ReceivesReminderDigest && !u.IsDisabled && u.Email != null && u.Email != "")
            .ToDictionaryAsync(u => u.Id, u => u.Email!, ct);
        // Each digest is written in its recipient's language: the stored choice of the account with that address
        // (the coordinator's too, when an account has it); English for an address no account has.
        var languages = (await db.Users.AsNoTracking().Where(u => !u.IsDisabled && u.Email != null && u.Email != "")
                .Select(u => new { u.Email, u.Language }).ToListAsync(ct))
            .GroupBy(u => u.Email!.Trim().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First().Language);
        var byRecipient = lines
            .Select(l => (Recipient: l.ResponsibleNurseId is { } id && nurses.TryGetValue(id, out var email) ? email : options.Coordinator.Trim(), Line: l))
            .Where(x => x.Recipient.Length > 0)
            .GroupBy(x => x.Recipient.ToLowerInvariant());

        var queued = new List<QueuedDigest>();
        foreach (var group in byRecipient)
        {
            var recipient = group.First().Recipient;
            var (subject, text, html) = ReminderDigest.Compose(day, group.Select(x => x.Line).ToList(), options.IncludeIdentifiers,
                DigestText.For(languages.GetValueOrDefault(group.Key.Trim())));
            var message = new OutboxMessage
            {
                DedupKey = $"digest:{day:yyyy-MM-dd}:{group.Key}", Recipient = recipient, Subject = subject, TextBody = text, HtmlBody = html,
                State = OutboxState.Pending, CreatedAtUtc = now,
            };
            if (await EnqueueAsync(message, ct)) queued.Add(new QueuedDigest(recipient, group.Count()));
        }
        int unaddressed = lines.Count - queued.Sum(q => q.Reminders);
        if (unaddressed > 0 && string.IsNullOrWhiteSpace(options.Coordinator))
            logger.LogWarning("{Count} reminder(s) of {Day} have no e-mail recipient: set Reminders:Coordinator or opt nurses in", unaddressed, day.ToString("yyyy-MM-dd"));
        return queued;
    }

    /// <summary>Adds a message to the outbox unless one with its key is there already (queued by an earlier run or another instance).</summary>
    public async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Outbox.AnyAsync(m => m.DedupKey == message.DedupKey, ct)) return false;
        db.Outbox.Add(message);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex)) { return false; }
    }

    /// <summary>The open reminders raised on a day, with what a digest shows.</summary>
    public async Task<List<DigestLine>> DigestLinesAsync(DateOnly day, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Reminders.AsNoTracking()
            .Where(r => r.ForDate == day && r.ResolvedAtUtc == null)
            .Select(r => new DigestLine(r.Visit!.Patient!.StudyId, r.Visit.Code, r.Kind, r.Visit.WindowStart, r.Visit.WindowEnd,
                r.Visit.Patient.ResponsibleNurseId, r.Visit.Patient.Name, r.Visit.Patient.Mrn))
            .ToListAsync(ct);
        return rows.OrderBy(r => r.StudyId, StringComparer.Ordinal).ThenBy(r => r.Visit).ThenBy(r => r.Kind).ToList();
    }

    private async Task RecordLastRunAsync(DateOnly day, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var value = day.ToString("yyyy-MM-dd");
        var row = await db.Settings.SingleOrDefaultAsync(s => s.Key == ReminderSettings.LastRunKey, ct);
        if (row is null) db.Settings.Add(new RegistrySetting { Key = ReminderSettings.LastRunKey, Value = value });
        else if (string.CompareOrdinal(row.Value, value) < 0) row.Value = value;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex)) { /* another instance recorded the same run */ }
    }

    public async Task<DateOnly?> LastRunAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var value = await db.Settings.AsNoTracking().Where(s => s.Key == ReminderSettings.LastRunKey).Select(s => s.Value).SingleOrDefaultAsync(ct);
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", out var d) ? d : null;
    }
}

public record DigestLine(string StudyId, VisitCode Visit, ReminderKind Kind, DateOnly WindowStart, DateOnly WindowEnd, string? ResponsibleNurseId, string? Name, string? Mrn);
