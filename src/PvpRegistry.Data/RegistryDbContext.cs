using System.Globalization;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using PvpRegistry.Core;

namespace PvpRegistry.Data;

/// <summary>
/// The registry's unit of work. Every save bumps the concurrency token of versioned rows and
/// writes the audit trail for clinical entities; audit entries themselves can only be added.
/// </summary>
public class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : IdentityDbContext<RegistryUser>(options)
{
    public DbSet<Patient> Patients => Set<Patient>();
    public DbSet<Procedure> Procedures => Set<Procedure>();
    public DbSet<FollowUpVisit> Visits => Set<FollowUpVisit>();
    public DbSet<Assessment> Assessments => Set<Assessment>();
    public DbSet<ContactAttempt> ContactAttempts => Set<ContactAttempt>();
    public DbSet<VitalStatusEvent> VitalStatusEvents => Set<VitalStatusEvent>();
    public DbSet<DataQuery> DataQueries => Set<DataQuery>();
    public DbSet<Reminder> Reminders => Set<Reminder>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<AuditEntry> AuditTrail => Set<AuditEntry>();
    public DbSet<RegistrySetting> Settings => Set<RegistrySetting>();

    /// <summary>Who is saving (user name); recorded in the audit trail.</summary>
    public string Actor { get; set; } = "system";

    /// <summary>Why an already-saved value is changed; recorded in the audit trail.</summary>
    public string? ChangeReason { get; set; }

    private TimeProvider? _clock;

    /// <summary>The clock for audit timestamps: the application's TimeProvider when the context comes from DI.</summary>
    public TimeProvider Clock
    {
        get => _clock ??= AppService<TimeProvider>() ?? TimeProvider.System;
        set => _clock = value;
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RegistryDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<decimal>().HavePrecision(9, 3);
        // Enums are stored as their names, so the database reads without a lookup table.
        foreach (var enumType in typeof(Patient).Assembly.GetTypes().Where(t => t.IsEnum))
            builder.Properties(enumType).HaveConversion<string>().HaveMaxLength(32);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var changed = ChangedClinicalEntities();
        var inserted = CollectChanges();
        int n;
        if (inserted.Count == 0) n = base.SaveChanges(acceptAllChangesOnSuccess);
        else
        {
            using var tx = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
            n = base.SaveChanges(acceptAllChangesOnSuccess);
            AuditInserts(inserted);
            n += base.SaveChanges(acceptAllChangesOnSuccess);
            tx?.Commit();
        }
        Notify(changed);
        return n;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var changed = ChangedClinicalEntities();
        var inserted = CollectChanges();
        int n;
        if (inserted.Count == 0) n = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        else
        {
            await using var tx = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
            n = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            AuditInserts(inserted);
            n += await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (tx is not null) await tx.CommitAsync(cancellationToken);
        }
        Notify(changed);
        return n;
    }

    /// <summary>A service of the application that created this context (null when built without DI, e.g. at design time).</summary>
    private T? AppService<T>() where T : class =>
        this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService(typeof(T)) as T;

    private HashSet<string> ChangedClinicalEntities()
    {
        ChangeTracker.DetectChanges();
        return ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => e.Metadata.IsOwned() ? e.Metadata.FindOwnership()!.PrincipalEntityType.ClrType : e.Metadata.ClrType)
            .Where(AuditedTypes.Contains)
            .Select(t => t.Name)
            .ToHashSet();
    }

    /// <summary>After a committed save of clinical data (inside a caller's transaction: the caller's commit is awaited by nobody, so it notifies too).</summary>
    private void Notify(HashSet<string> changed)
    {
        if (changed.Count == 0) return;
        var notifier = AppService<IRegistryChangeNotifier>();
        notifier?.Publish(new RegistryChange(changed, Clock.GetUtcNow().UtcDateTime));
    }

    private static readonly HashSet<Type> AuditedTypes =
    [
        typeof(Patient), typeof(Procedure), typeof(FollowUpVisit), typeof(Assessment),
        typeof(ContactAttempt), typeof(VitalStatusEvent), typeof(DataQuery),
    ];

    /// <summary>Bumps versions, adds audit entries for updates, and returns the inserted rows (audited once their keys exist).</summary>
    private List<EntityEntry> CollectChanges()
    {
        ChangeTracker.DetectChanges();
        var now = Clock.GetUtcNow().UtcDateTime;
        var audit = new List<AuditEntry>();
        var added = new List<EntityEntry>();

        BumpVersionsOfChangedRecords();
        foreach (var entry in ChangeTracker.Entries().ToList())
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
                        audit.Add(NewEntry(now, oldValue is null && prop.Metadata.Name == "Voided" ? "voided" : "updated", entry, prop.Metadata.Name, oldValue, newValue));
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
                            var line = NewEntry(now, voiding ? "voided" : "updated", entry, $"{owned.Metadata.Name}.{prop.Metadata.Name}", oldValue, newValue);
                            if (voiding && target.Entity is Voiding v) line.Reason ??= v.Reason;
                            audit.Add(line);
                        }
                    }
                    break;
            }
        }

        AuditTrail.AddRange(audit);
        return added;
    }

    /// <summary>
    /// Bumps the concurrency token, once, of every versioned record that changed, including records
    /// whose owned parts alone changed (voiding, eligibility, treated levels): those must be audited
    /// and refused when someone else saved the record meanwhile.
    /// </summary>
    private void BumpVersionsOfChangedRecords()
    {
        var toBump = ChangeTracker.Entries().Where(e => e.State == EntityState.Modified && e.Entity is IVersioned).ToList();
        var changedOwned = ChangeTracker.Entries()
            .Where(e => e.Metadata.IsOwned() && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        if (changedOwned.Count > 0)
        {
            var unchangedOwners = ChangeTracker.Entries()
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

    private static string KeyOf(EntityEntry entry) =>
        string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Format(entry.Property(p.Name).CurrentValue)));

    private void AuditInserts(List<EntityEntry> inserted)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        AuditTrail.AddRange(inserted.Select(entry => NewEntry(now, "created", entry, null, null, Describe(entry))));
    }

    private AuditEntry NewEntry(DateTime now, string action, EntityEntry entry, string? field, string? oldValue, string? newValue) => new()
    {
        AtUtc = now,
        User = Actor,
        Action = action,
        Entity = entry.Metadata.ClrType.Name,
        RecordKey = KeyOf(entry),
        Field = field,
        OldValue = oldValue,
        NewValue = newValue,
        Reason = ChangeReason,
    };

    private static string Describe(EntityEntry entry) =>
        string.Join("; ", entry.Properties
            .Where(p => !p.Metadata.IsPrimaryKey() && !p.Metadata.IsConcurrencyToken && p.CurrentValue is not null)
            .Select(p => $"{p.Metadata.Name}={Format(p.CurrentValue)}"));

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

/// <summary>A setting changed at run time by an admin (key/value), overriding configuration.</summary>
public class RegistrySetting
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}
