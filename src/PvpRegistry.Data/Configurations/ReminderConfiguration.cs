using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PvpRegistry.Core;

namespace PvpRegistry.Data.Configurations;

public class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> b)
    {
        // One reminder per visit and kind, across restarts and across app instances.
        b.HasIndex(r => new { r.VisitId, r.Kind }).IsUnique();
        b.HasIndex(r => r.ResolvedAtUtc);
        b.HasOne(r => r.Visit).WithMany().HasForeignKey(r => r.VisitId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("Outbox");
        b.HasIndex(m => m.DedupKey).IsUnique();
        b.HasIndex(m => new { m.State, m.NextAttemptAtUtc });
        b.Property(m => m.DedupKey).HasMaxLength(300).IsRequired();
        b.Property(m => m.Recipient).HasMaxLength(ClinicalLimits.UserMaxLength).IsRequired();
        b.Property(m => m.Subject).HasMaxLength(300).IsRequired();
        b.Property(m => m.LastError).HasMaxLength(ClinicalLimits.FreeTextMaxLength);
    }
}

public class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public const string AppendOnlyTrigger = "AuditTrail_AppendOnly";

    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        // Database triggers refuse every UPDATE and DELETE, whatever the code path (see the AuditTrailAppendOnly migrations).
        b.ToTable("AuditTrail", t => t.HasTrigger(AppendOnlyTrigger));
        b.HasIndex(a => a.AtUtc);
        b.HasIndex(a => new { a.Entity, a.RecordKey });
        b.Property(a => a.User).HasMaxLength(ClinicalLimits.UserMaxLength).IsRequired();
        b.Property(a => a.Action).HasMaxLength(64).IsRequired();
        b.Property(a => a.Entity).HasMaxLength(64).IsRequired();
        b.Property(a => a.RecordKey).HasMaxLength(64);
        b.Property(a => a.Field).HasMaxLength(128);
        b.Property(a => a.Reason).HasMaxLength(ClinicalLimits.ReasonMaxLength);
        b.Property(a => a.ReasonCode).HasMaxLength(64);
        b.Property(a => a.ReasonArgs).HasMaxLength(ClinicalLimits.FreeTextMaxLength);
    }
}

public class RegistrySettingConfiguration : IEntityTypeConfiguration<RegistrySetting>
{
    public void Configure(EntityTypeBuilder<RegistrySetting> b)
    {
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(128);
        b.Property(s => s.Value).HasMaxLength(ClinicalLimits.FreeTextMaxLength);
    }
}
