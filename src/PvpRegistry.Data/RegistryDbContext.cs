using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PvpRegistry.Core;

namespace PvpRegistry.Data;

/// <summary>
/// The registry's unit of work. Every save goes through <see cref="AuditInterceptor"/>: it bumps the concurrency
/// token of versioned rows and writes the audit trail for clinical entities; audit entries themselves can only be added.
/// </summary>
public class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : IdentityDbContext<RegistryUser>(options), IDataProtectionKeyContext
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
    public DbSet<RegistryChangeRecord> Changes => Set<RegistryChangeRecord>();

    /// <summary>The Data Protection key ring shared by every web instance (sign-in cookies, antiforgery tokens).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Who is saving (user name); recorded in the audit trail.</summary>
    public string Actor { get; set; } = "system";

    /// <summary>Why an already-saved value is changed, as the person typed it; recorded in the audit trail.</summary>
    public string? ChangeReason { get; set; }

    /// <summary>
    /// Why the registry itself changes saved values (a rule, a background job): a coded message, recorded in the audit
    /// trail with its English and its code, so each reader sees it in their own language. Takes the place of <see cref="ChangeReason"/>.
    /// </summary>
    public RegistryMessage? RegistryChangeReason { get; set; }

    private TimeProvider? _clock;

    /// <summary>The clock for audit timestamps: the application's TimeProvider when the context comes from DI.</summary>
    public TimeProvider Clock
    {
        get => _clock ??= AppService<TimeProvider>() ?? TimeProvider.System;
        set => _clock = value;
    }

    /// <summary>Every context audits its saves, however its options were built (DI, design time, tests).</summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.AddInterceptors(AuditInterceptor.Instance);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RegistryDbContext).Assembly);
        if (Database.IsNpgsql())
            builder.Entity<Assessment>().ToTable(t => Configurations.AssessmentConfiguration.ScoreRanges(t, column => $"\"{column}\""));
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<decimal>().HavePrecision(9, 3);
        // Enums are stored as their names, so the database reads without a lookup table.
        foreach (var enumType in typeof(Patient).Assembly.GetTypes().Where(t => t.IsEnum))
            builder.Properties(enumType).HaveConversion<string>().HaveMaxLength(32);
        // Every DateTime of the registry is UTC; PostgreSQL's timestamptz takes only DateTimes marked so.
        if (Database.IsNpgsql()) builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    /// <summary>A service of the application that created this context (null when built without DI, e.g. at design time).</summary>
    internal T? AppService<T>() where T : class =>
        this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService(typeof(T)) as T;
}

/// <summary>Marks a DateTime as UTC on its way to and from the database (a local time is converted first).</summary>
public class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

/// <summary>A setting changed at run time by an admin (key/value), overriding configuration.</summary>
public class RegistrySetting
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}
