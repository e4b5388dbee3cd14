using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PvpRegistry.Core;

namespace PvpRegistry.Data.Configurations;

public class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> b)
    {
        b.HasIndex(p => p.StudyId).IsUnique();
        b.HasIndex(p => p.Mrn).IsUnique();
        b.HasIndex(p => p.Name);
        b.Property(p => p.StudyId).HasMaxLength(ClinicalLimits.StudyIdMaxLength).IsRequired();
        b.Property(p => p.Mrn).HasMaxLength(ClinicalLimits.MrnMaxLength);
        b.Property(p => p.Name).HasMaxLength(ClinicalLimits.NameMaxLength);
        b.Property(p => p.Phone).HasMaxLength(ClinicalLimits.PhoneMaxLength);
        b.Property(p => p.PrimaryTumorOther).HasMaxLength(ClinicalLimits.NameMaxLength);
        b.Property(p => p.ScreenFailureReason).HasMaxLength(ClinicalLimits.ReasonMaxLength);
        b.Property(p => p.DeathCause).HasMaxLength(ClinicalLimits.ReasonMaxLength);
        b.Property(p => p.ResponsibleNurseId).HasMaxLength(450);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Property(p => p.InvolvedLevels)
            .HasConversion(
                levels => string.Join(",", levels),
                text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<SpinalLevel>).ToList(),
                new ValueComparer<List<SpinalLevel>>((a, c) => a!.SequenceEqual(c!), l => l.Aggregate(0, (h, x) => HashCode.Combine(h, x)), l => l.ToList()))
            .HasMaxLength(64);
        b.OwnsOne(p => p.Eligibility);
        b.Navigation(p => p.Eligibility).IsRequired();
        b.OwnsOne(p => p.Voided, VoidingConfiguration.Configure);
        b.HasMany(p => p.Procedures).WithOne(x => x.Patient).HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Visits).WithOne(v => v.Patient).HasForeignKey(v => v.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.VitalStatusEvents).WithOne().HasForeignKey(e => e.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(p => p.Closure);
        b.Ignore(p => p.IsVoided);
    }
}

internal static class VoidingConfiguration
{
    public static void Configure<T>(OwnedNavigationBuilder<T, Voiding> v) where T : class
    {
        v.Property(x => x.AtUtc).HasColumnName("VoidedAtUtc");
        v.Property(x => x.By).HasColumnName("VoidedBy").HasMaxLength(ClinicalLimits.UserMaxLength);
        v.Property(x => x.Reason).HasColumnName("VoidReason").HasMaxLength(ClinicalLimits.ReasonMaxLength);
    }
}
