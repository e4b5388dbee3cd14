using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PvpRegistry.Core;

namespace PvpRegistry.Data.Configurations;

public class FollowUpVisitConfiguration : IEntityTypeConfiguration<FollowUpVisit>
{
    public void Configure(EntityTypeBuilder<FollowUpVisit> b)
    {
        b.ToTable("Visits");
        b.HasIndex(v => new { v.PatientId, v.Code }).IsUnique();
        b.HasIndex(v => new { v.WindowStart, v.WindowEnd });
        b.HasIndex(v => v.WindowEnd);
        b.Property(v => v.MissedNote).HasMaxLength(ClinicalLimits.ReasonMaxLength);
        b.Property(v => v.MissedBy).HasMaxLength(ClinicalLimits.UserMaxLength);
        b.Property(v => v.Version).IsConcurrencyToken();
        b.HasMany(v => v.Assessments).WithOne(a => a.Visit).HasForeignKey(a => a.VisitId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(v => v.ContactAttempts).WithOne().HasForeignKey(c => c.VisitId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(v => v.Window);
        b.Ignore(v => v.CurrentAssessment);
    }
}
