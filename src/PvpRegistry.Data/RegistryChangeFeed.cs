using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PvpRegistry.Data;

/// <summary>
/// One row of the change feed: which clinical entity types a committed save touched, and when. Written in the
/// transaction of the save itself, by every process (web instances, `pvp import`, `pvp restore`). Never patient data.
/// </summary>
public class RegistryChangeRecord
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }

    /// <summary>Entity type names, comma-separated (e.g. "Assessment,FollowUpVisit").</summary>
    public string Entities { get; set; } = "";

    /// <summary>The process that wrote it (<see cref="RegistryChangeFeed.Origin"/>); it has told its own screens already.</summary>
    public Guid? Origin { get; set; }
}

/// <summary>The version of the registry's clinical data (see <see cref="RegistryChangeFeed.VersionAsync"/>).</summary>
public readonly record struct RegistryVersion(long LatestId, long Count);

/// <summary>Configuration section "ChangeFeed": how often a web instance looks for other processes' saves, and how long rows are kept.</summary>
public class ChangeFeedOptions
{
    public const string Section = "ChangeFeed";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows older than this are pruned once a day (the newest row always stays: it is the dashboards' cache key).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(2);
}

/// <summary>
/// The change feed across processes: every save of clinical data appends a <see cref="RegistryChangeRecord"/> (see
/// <see cref="AuditInterceptor"/>); each web instance's <see cref="RegistryChangePoller"/> reads the rows other
/// processes wrote and hands them to this process's <see cref="IRegistryChangeNotifier"/>. The latest id is the
/// version of the registry's clinical data: a cache keyed by it is never older than the database.
/// </summary>
public class RegistryChangeFeed(IDbContextFactory<RegistryDbContext> dbFactory)
{
    /// <summary>This process's mark on the rows it writes (one per service provider: a web host, a CLI run).</summary>
    public Guid Origin { get; } = Guid.NewGuid();

    /// <summary>Adds a feed row to a save in progress (it commits or rolls back with the save).</summary>
    public static RegistryChangeRecord Append(RegistryDbContext db, IEnumerable<string> entities, DateTime atUtc, long? id = null)
    {
        var record = new RegistryChangeRecord
        {
            AtUtc = atUtc,
            Entities = string.Join(",", entities.Order(StringComparer.Ordinal)),
            Origin = db.AppService<RegistryChangeFeed>()?.Origin,
        };
        if (id is { } explicitId) record.Id = explicitId;
        db.Changes.Add(record);
        return record;
    }

    /// <summary>The id of the latest change (0 for none): the version of the clinical data.</summary>
    public async Task<long> LatestIdAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LatestIdAsync(db, ct);
    }

    public static async Task<long> LatestIdAsync(RegistryDbContext db, CancellationToken ct = default) =>
        await db.Changes.MaxAsync(c => (long?)c.Id, ct) ?? 0;

    /// <summary>
    /// The version of the clinical data: the latest id and the number of rows. On a server database two saves can commit
    /// their ids out of order (id 11 before id 10): the latest id then stays 11 when 10 commits, but the count moves.
    /// </summary>
    public async Task<RegistryVersion> VersionAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await db.Changes.GroupBy(_ => 1).Select(g => new { Latest = g.Max(c => c.Id), Count = g.LongCount() }).FirstOrDefaultAsync(ct);
        return version is null ? new(0, 0) : new(version.Latest, version.Count);
    }

    /// <summary>The rows with the given ids that exist now (committed late, after rows with higher ids), oldest first.</summary>
    public async Task<List<RegistryChangeRecord>> ReadIdsAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Changes.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync(ct);
    }

    /// <summary>The rows after <paramref name="afterId"/>, oldest first.</summary>
    public async Task<List<RegistryChangeRecord>> ReadAfterAsync(long afterId, int max, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Changes.AsNoTracking().Where(c => c.Id > afterId).OrderBy(c => c.Id).Take(max).ToListAsync(ct);
    }

    /// <summary>Deletes rows older than the cutoff, keeping the newest row whatever its age.</summary>
    public async Task<int> PruneAsync(DateTime olderThanUtc, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = await LatestIdAsync(db, ct);
        return await db.Changes.Where(c => c.AtUtc < olderThanUtc && c.Id < latest).ExecuteDeleteAsync(ct);
    }
}

/// <summary>
/// Polls the change feed every <see cref="ChangeFeedOptions.PollInterval"/> (on the injected TimeProvider) and
/// publishes the changes other processes wrote to this process's screens, one merged change per poll. Prunes old rows
/// once a day. A database replaced under it (`pvp restore` with a lower latest id) counts as a change of everything.
/// Ids skipped by a read (on a server database a save can commit its id after a later id has committed) are looked
/// for again on each poll for <see cref="LateCommitWait"/>, then given up as rolled back.
/// </summary>
public sealed class RegistryChangePoller(
    RegistryChangeFeed feed, IRegistryChangeNotifier notifier, IOptions<ChangeFeedOptions> options, TimeProvider time, ILogger<RegistryChangePoller> logger)
    : BackgroundService
{
    private const int BatchSize = 1000;
    private const int MaxLateIds = 10_000;
    /// <summary>How long a skipped id is looked for: far longer than any save's transaction.</summary>
    public static readonly TimeSpan LateCommitWait = TimeSpan.FromMinutes(2);
    private readonly Dictionary<long, DateTime> _skipped = [];
    private long _seen = -1;
    private DateTime _lastPrune = DateTime.MinValue;

    /// <summary>The latest change id this instance has seen (and published), -1 before the first poll.</summary>
    public long Seen => Interlocked.Read(ref _seen);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await PollAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogWarning(ex, "Reading the change feed failed; trying again in {Interval}", options.Value.PollInterval);
            }
            try { await Task.Delay(options.Value.PollInterval, time, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>One poll: publishes what other processes changed since the last one, and prunes once a day.</summary>
    public async Task PollAsync(CancellationToken ct = default)
    {
        if (_seen < 0)
        {
            Interlocked.Exchange(ref _seen, await feed.LatestIdAsync(ct)); // screens open later load the current data anyway
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var latest = await feed.LatestIdAsync(ct);
        if (latest < _seen)
        {
            logger.LogInformation("The change feed went back from {Seen} to {Latest}: the database was replaced", _seen, latest);
            Interlocked.Exchange(ref _seen, latest);
            notifier.Publish(new RegistryChange(new HashSet<string> { "Registry" }, now));
            return;
        }
        if (_skipped.Count > 0)
        {
            var late = await feed.ReadIdsAsync(_skipped.Keys.ToList(), ct);
            foreach (var row in late) _skipped.Remove(row.Id);
            foreach (var expired in _skipped.Where(s => now - s.Value > LateCommitWait).Select(s => s.Key).ToList()) _skipped.Remove(expired);
            Publish(late);
        }
        while (latest > _seen)
        {
            var rows = await feed.ReadAfterAsync(_seen, BatchSize, ct);
            if (rows.Count == 0) break;
            long previous = _seen;
            foreach (var row in rows)
            {
                for (long id = previous + 1; id < row.Id && _skipped.Count < MaxLateIds; id++) _skipped[id] = now;
                previous = row.Id;
            }
            Publish(rows);
            Interlocked.Exchange(ref _seen, rows[^1].Id);
        }
        if (now - _lastPrune >= TimeSpan.FromDays(1))
        {
            _lastPrune = now;
            int pruned = await feed.PruneAsync(now - options.Value.Retention, ct);
            if (pruned > 0) logger.LogInformation("Pruned {Count} change feed row(s)", pruned);
        }
    }

    /// <summary>Hands the rows other processes wrote to this process's screens, as one merged change.</summary>
    private void Publish(List<RegistryChangeRecord> rows)
    {
        var foreign = rows.Where(r => r.Origin != feed.Origin).ToList();
        if (foreign.Count > 0)
            notifier.Publish(new RegistryChange(
                foreign.SelectMany(r => r.Entities.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(), foreign.Max(r => r.AtUtc)));
    }
}
