using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PvpRegistry.Core;

namespace PvpRegistry.Data.Configurations;

public class AssessmentConfiguration : IEntityTypeConfiguration<Assessment>
{
    public void Configure(EntityTypeBuilder<Assessment> b)
    {
        b.HasIndex(a => a.VisitId);
        b.Property(a => a.Vas).HasPrecision(3, 1);
        b.Property(a => a.EnteredBy).HasMaxLength(ClinicalLimits.UserMaxLength).IsRequired();
        b.Property(a => a.Version).IsConcurrencyToken();
        b.OwnsOne(a => a.Voided, VoidingConfiguration.Configure);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Assessments_Vas", "Vas IS NULL OR (CAST(Vas AS REAL) >= 0 AND CAST(Vas AS REAL) <= 10)");
            t.HasCheckConstraint("CK_Assessments_Kps", "Kps IS NULL OR (Kps >= 0 AND Kps <= 100 AND Kps % 10 = 0)");
        });
    }
}

public class ContactAttemptConfiguration : IEntityTypeConfiguration<ContactAttempt>
{
    public void Configure(EntityTypeBuilder<ContactAttempt> b)
    {
        b.HasIndex(c => c.VisitId);
        b.Property(c => c.Note).HasMaxLength(ClinicalLimits.FreeTextMaxLength);
        b.Property(c => c.RecordedBy).HasMaxLength(ClinicalLimits.UserMaxLength).IsRequired();
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}

public class VitalStatusEventConfiguration : IEntityTypeConfiguration<VitalStatusEvent>
{
    public void Configure(EntityTypeBuilder<VitalStatusEvent> b)
    {
        b.HasIndex(e => e.PatientId);
        b.Property(e => e.Cause).HasMaxLength(ClinicalLimits.ReasonMaxLength);
        b.Property(e => e.RecordedBy).HasMaxLength(ClinicalLimits.UserMaxLength).IsRequired();
        b.OwnsOne(e => e.Voided, VoidingConfiguration.Configure);
    }
}
