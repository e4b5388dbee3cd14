using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using PvpRegistry.Core;

namespace PvpRegistry.Data;

/// <summary>
/// Every save of a <see cref="RegistryDbContext"/>, synchronous or asynchronous, goes through the one path here:
/// it refuses deleting clinical records and changing the audit trail, bumps the concurrency token of changed
/// versioned records, writes an audit line per changed field (with the context's actor and change reason) and one
/// per inserted clinical record once its key exists (in one transaction with the insert), appends a row to the change
/// feed (<see cref="RegistryChangeFeed"/>) in the same transaction, and after the save tells this process's open
/// screens which clinical entities changed (other processes learn it from the feed). Stateless between saves, so one instance serves every context.
/// </summary>
public sealed class AuditInterceptor : SaveChangesInterceptor
{
    public static AuditInterceptor Instance { get; } = new();

    private AuditInterceptor() { }

    private static readonly HashSet<Type> AuditedTypes =
    [
        typeof(Patient), typeof(Procedure), typeof(FollowUpVisit), typeof(Assessment),
        typeof(ContactAttempt), typeof(VitalStatusEvent), typeof(DataQuery),
    ];

    /// <summary>What a save in progress still has to do once the database has assigned keys.</summary>
    private sealed record PendingSave(HashSet<string> ChangedEntities, List<EntityEntry> Inserted, IDbContextTransaction? OwnTransaction);

    private readonly ConditionalWeakTable<DbContext, PendingSave> _pending = new();

    // The overrides only choose sync or async I/O; with async: false every await below completes synchronously.
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        BeforeSaveAsync(eventData.Context, async: false, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await BeforeSaveAsync(eventData.Context, async: true, cancellationToken);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        AfterSaveAsync(eventData.Context, result, async: false, CancellationToken.None).GetAwaiter().GetResult();

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        AfterSaveAsync(eventData.Context, result, async: true, cancellationToken);

    public override void SaveChangesFailed(DbContextErrorEventData eventData) =>
        AbandonAsync(eventData.Context, async: false).GetAwaiter().GetResult();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        AbandonAsync(eventData.Context, async: true).AsTask();

    public override void SaveChangesCanceled(DbContextEventData eventData) =>
        AbandonAsync(eventData.Context, async: false).GetAwaiter().GetResult();

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) =>
        AbandonAsync(eventData.Context, async: true).AsTask();

    private async ValueTask BeforeSaveAsync(DbContext? context, bool async, CancellationToken cancellationToken)
    {
        if (context is not RegistryDbContext db) return;
        var (changed, inserted) = WithChangesDetectedOnce(db, () =>
        {
            var changed = ChangedClinicalEntities(db);
            // The change feed's row commits with the save: other processes learn of exactly the saves that happened.
            if (changed.Count > 0) RegistryChangeFeed.Append(db, changed, db.Clock.GetUtcNow().UtcDateTime);
            var inserted = CollectChanges(db);
            CapAuditFields(db);
            return (changed, inserted);
        });
        IDbContextTransaction? own = null;
        // Inserted records are audited in a second save (their keys come from the database): one transaction holds both.
        if (inserted.Count > 0 && db.Database.CurrentTransaction is null)
            own = async ? await db.Database.BeginTransactionAsync(cancellationToken) : db.Database.BeginTransaction();
        _pending.AddOrUpdate(db, new PendingSave(changed, inserted, own));
    }

    private async ValueTask<int> AfterSaveAsync(DbContext? context, int saved, bool async, CancellationToken cancellationToken)
    {
        if (context is not RegistryDbContext db || !_pending.TryGetValue(db, out var pending)) return saved;
        _pending.Remove(db); // the audit save below passes through here again with its own pending save
        try
        {
            if (pending.Inserted.Count > 0)
            {
                AuditInserts(db, pending.Inserted);
                // Nothing but the audit lines just added (tracked as added) can have changed since the save accepted its
                // changes: the audit save needs no scan of the records it just wrote.
                bool detecting = db.ChangeTracker.AutoDetectChangesEnabled;
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                try
                {
                    saved += async ? await db.SaveChangesAsync(cancellationToken) : db.SaveChanges();
                }
                finally
                {
                    db.ChangeTracker.AutoDetectChangesEnabled = detecting;
                }
            }
            if (pending.OwnTransaction is { } tx)
            {
                if (async) await tx.CommitAsync(cancellationToken);
                else tx.Commit();
            }
        }
        finally
        {
            if (pending.OwnTransaction is { } tx)
            {
                if (async) await tx.DisposeAsync();
                else tx.Dispose();
            }
        }
        Notify(db, pending.ChangedEntities);
        return saved;
    }

    /// <summary>A failed or cancelled save rolls back the transaction this interceptor opened for it.</summary>
    private async ValueTask AbandonAsync(DbContext? context, bool async)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending)) return;
        _pending.Remove(context);
        if (pending.OwnTransaction is not { } tx) return;
        if (async) await tx.DisposeAsync();
        else tx.Dispose();
    }

    /// <summary>
    /// Runs the interceptor's look at the tracked entries after one scan for changes (EF Core's own save scans again
    /// after it), not one per look: a save of thousands of records would otherwise be scanned a dozen times. Only the
    /// interceptor's own changes (made through the change tracker, so tracked at once) happen in between. A context
    /// that turned automatic detection off (an insert-only bulk write) is not scanned, as EF Core's save does not scan
    /// it either: what the interceptor sees is what the save writes.
    /// </summary>
    private static T WithChangesDetectedOnce<T>(RegistryDbContext db, Func<T> look)
    {
        var tracker = db.ChangeTracker;
        if (!tracker.AutoDetectChangesEnabled) return look();
        tracker.DetectChanges();
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return look();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = true;
        }
    }

    private static HashSet<string> ChangedClinicalEntities(RegistryDbContext db)
    {
        return db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => e.Metadata.IsOwned() ? e.Metadata.FindOwnership()!.PrincipalEntityType.ClrType : e.Metadata.ClrType)
            .Where(AuditedTypes.Contains)
            .Select(t => t.Name)
            .ToHashSet();
    }

    /// <summary>After a committed save of clinical data (inside a caller's transaction: the caller's commit is awaited by nobody, so it notifies too).</summary>
    internal static void Notify(RegistryDbContext db, HashSet<string> changed)
    {
        if (changed.Count == 0) return;
        db.AppService<IRegistryChangeNotifier>()?.Publish(new RegistryChange(changed, db.Clock.GetUtcNow().UtcDateTime));
    }

    /// <summary>Bumps versions, adds audit entries for updates, and returns the inserted rows (audited once their keys exist).</summary>
    private static List<EntityEntry> CollectChanges(RegistryDbContext db)
    {
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var audit = new List<AuditEntry>();
        var added = new List<EntityEntry>();

        BumpVersionsOfChangedRecords(db);
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException("The audit trail is append-only: an audit entry cannot be changed or deleted.");

            if (!AuditedTypes.Contains(entry.Metadata.ClrType)) continue;
            switch (entry.State)
            {
                case EntityState.Added:
                    added.Add(entry);
                    break;
                case EntityState.Deleted:
                    throw new InvalidOperationException($"Clinical records are voided, never deleted ({entry.Metadata.ClrType.Name}).");
                case EntityState.Modified:
                    foreach (var prop in entry.Properties.Where(p => p.IsModified && !p.Metadata.IsConcurrencyToken))
                    {
                        var oldValue = Format(prop.OriginalValue);
                        var newValue = Format(prop.CurrentValue);
                        if (oldValue == newValue) continue;
                        audit.Add(NewEntry(db, now, oldValue is null && prop.Metadata.Name == "Voided" ? "voided" : "updated", entry, prop.Metadata.Name, oldValue, newValue));
                    }
                    foreach (var owned in entry.References.Where(r => r.TargetEntry is { State: EntityState.Modified or EntityState.Added } && r.Metadata.TargetEntityType.IsOwned()))
                    {
                        var target = owned.TargetEntry!;
                        bool voiding = owned.Metadata.Name == "Voided" && target.State == EntityState.Added;
                        foreach (var prop in target.Properties.Where(p => !p.Metadata.IsKey() && (target.State == EntityState.Added || p.IsModified)))
                        {
                            var oldValue = target.State == EntityState.Added ? null : Format(prop.OriginalValue);
                            var newValue = Format(prop.CurrentValue);
                            if (oldValue == newValue) continue;
                            var line = NewEntry(db, now, voiding ? "voided" : "updated", entry, $"{owned.Metadata.Name}.{prop.Metadata.Name}", oldValue, newValue);
                            if (voiding && target.Entity is Voiding v) line.Reason ??= v.Reason;
                            audit.Add(line);
                        }
                    }
                    foreach (var items in entry.Collections.Where(c => c.Metadata.TargetEntityType.IsOwned()))
                    {
                        // An owned list (the treated levels) is one line: the whole list before and after.
                        var (oldValue, newValue) = (OwnedList(db, entry, items, original: true), OwnedList(db, entry, items, original: false));
                        if (oldValue != newValue) audit.Add(NewEntry(db, now, "updated", entry, items.Metadata.Name, oldValue, newValue));
                    }
                    break;
            }
        }

        db.AuditTrail.AddRange(audit);
        return added;
    }

    /// <summary>
    /// Every new audit line is cut to its column's length (free text where the column has none), whoever wrote it:
    /// an anonymous sign-in with a huge user name cannot grow the append-only trail beyond a few kilobytes a line.
    /// A cut value ends with an ellipsis.
    /// </summary>
    private static void CapAuditFields(RegistryDbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added))
            CapFields(db, entry.Entity);
    }

    /// <summary>Cuts each text field of one new audit line to its column's length (see <see cref="CapAuditFields"/>).</summary>
    private static void CapFields(RegistryDbContext db, AuditEntry line)
    {
        foreach (var field in db.Model.FindEntityType(typeof(AuditEntry))!.GetProperties().Where(p => p.ClrType == typeof(string)))
            if (Capped(field, (string?)field.GetGetter().GetClrValue(line)) is { } capped) field.PropertyInfo!.SetValue(line, capped);
    }

    /// <summary>An audit field's value cut to its column's length (free text where the column has none), or null when it fits.</summary>
    private static string? Capped(IProperty field, string? value)
    {
        int max = field.GetMaxLength() ?? ClinicalLimits.FreeTextMaxLength;
        return value is { Length: var length } && length > max ? string.Concat(value.AsSpan(0, max - 1), "\u2026") : null;
    }

    /// <summary>
    /// Bumps the concurrency token, once, of every versioned record that changed, including records
    /// whose owned parts alone changed (voiding, eligibility, treated levels): those must be audited
    /// and refused when someone else saved the record meanwhile.
    /// </summary>
    private static void BumpVersionsOfChangedRecords(RegistryDbContext db)
    {
        var toBump = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Modified && e.Entity is IVersioned).ToList();
        var changedOwned = db.ChangeTracker.Entries()
            .Where(e => e.Metadata.IsOwned() && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        if (changedOwned.Count > 0)
        {
            var unchangedOwners = db.ChangeTracker.Entries()
                .Where(e => e.State == EntityState.Unchanged && e.Entity is IVersioned)
                .ToDictionary(e => (e.Metadata.ClrType, KeyOf(e)));
            foreach (var owned in changedOwned)
            {
                var ownership = owned.Metadata.FindOwnership()!;
                var key = string.Join(",", ownership.Properties.Select(p => Format(owned.Property(p.Name).OriginalValue ?? owned.Property(p.Name).CurrentValue)));
                if (unchangedOwners.Remove((ownership.PrincipalEntityType.ClrType, key), out var owner)) toBump.Add(owner);
            }
        }
        foreach (var entry in toBump)
        {
            var version = entry.Property(nameof(IVersioned.Version));
            version.CurrentValue = (uint)version.OriginalValue! + 1;
        }
    }

    /// <summary>
    /// An owned list of <paramref name="owner"/> as one value, its items' values (keys left out) ordered by the first, e.g.
    /// "L2 3.5, L3 4": as saved before the change (<paramref name="original"/>: without the items it adds, with those it
    /// removes), or as it is now. Null when empty.
    /// </summary>
    private static string? OwnedList(RegistryDbContext db, EntityEntry owner, CollectionEntry items, bool original)
    {
        var type = items.Metadata.TargetEntityType;
        var ownerKey = KeyOf(owner);
        var entries = db.ChangeTracker.Entries()
            .Where(e => e.Metadata == type && string.Join(",", type.FindOwnership()!.Properties.Select(p => Format(e.Property(p.Name).OriginalValue ?? e.Property(p.Name).CurrentValue))) == ownerKey)
            .Where(e => original ? e.State != EntityState.Added : e.State != EntityState.Deleted)
            .ToList();
        var values = entries
            .Select(e => e.Properties.Where(p => !p.Metadata.IsKey() && !p.Metadata.IsForeignKey() && !p.Metadata.IsShadowProperty())
                .Select(p => original ? p.OriginalValue : p.CurrentValue).ToList())
            .OrderBy(v => v.FirstOrDefault(), Comparer<object?>.Default)
            .Select(v => string.Join(" ", v.Select(x => Format(x) ?? "-")))
            .ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }

    private static string KeyOf(EntityEntry entry) => KeyOf(entry.Metadata, p => entry.Property(p).CurrentValue);

    private static string KeyOf(IEntityType type, Func<IProperty, object?> value) =>
        string.Join(",", type.FindPrimaryKey()!.Properties.Select(p => Format(value(p))));

    private static void AuditInserts(RegistryDbContext db, List<EntityEntry> inserted)
    {
        var now = db.Clock.GetUtcNow().UtcDateTime;
        db.AuditTrail.AddRange(inserted.Select(entry => CreatedLine(db, now, entry.Metadata, p => entry.Property(p).CurrentValue)));
    }

    /// <summary>
    /// Whether inserting a record of this type is audited, and if so the audit line of its insert, written with the
    /// record's values (its key included) as they are once the record is stored, and cut to the audit columns'
    /// lengths. The one place that words a "created" line: the tracked save above and <see cref="BulkInsert"/>, which
    /// writes insert-only bulk records without the change tracker, both use it.
    /// </summary>
    internal static bool IsAudited(IEntityType type) => AuditedTypes.Contains(type.ClrType);

    /// <inheritdoc cref="IsAudited"/>
    internal static AuditEntry CreatedLine(RegistryDbContext db, DateTime now, IEntityType type, Func<IProperty, object?> value)
    {
        var line = NewEntry(db, now, "created", type, KeyOf(type, value), null, null, Describe(type, value));
        CapFields(db, line);
        return line;
    }

    private static AuditEntry NewEntry(RegistryDbContext db, DateTime now, string action, EntityEntry entry, string? field, string? oldValue, string? newValue) =>
        NewEntry(db, now, action, entry.Metadata, KeyOf(entry), field, oldValue, newValue);

    private static AuditEntry NewEntry(RegistryDbContext db, DateTime now, string action, IEntityType type, string key, string? field, string? oldValue, string? newValue)
    {
        var line = new AuditEntry
        {
            AtUtc = now,
            User = db.Actor,
            Action = action,
            Entity = type.ClrType.Name,
            RecordKey = key,
            Field = field,
            OldValue = oldValue,
            NewValue = newValue,
            Reason = db.ChangeReason,
        };
        return db.RegistryChangeReason is { } why ? line.Because(why) : line;
    }

    /// <summary>Every value of a record but its key and concurrency token, by property name: "Name=value; ...", nulls left out.</summary>
    private static string Describe(IEntityType type, Func<IProperty, object?> value) =>
        string.Join("; ", type.GetProperties()
            .Where(p => !p.IsPrimaryKey() && !p.IsConcurrencyToken)
            .Select(p => (p.Name, Value: value(p)))
            .Where(p => p.Value is not null)
            .Select(p => $"{p.Name}={Format(p.Value)}"));

    private static string? Format(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.###", CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e and not string => string.Join(",", e.Cast<object>()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
