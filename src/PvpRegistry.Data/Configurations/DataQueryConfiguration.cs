using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PvpRegistry.Core;

namespace PvpRegistry.Data.Configurations;

public class DataQueryConfiguration : IEntityTypeConfiguration<DataQuery>
{
    public void Configure(EntityTypeBuilder<DataQuery> b)
    {
        b.HasIndex(q => new { q.PatientId, q.Status });
        b.HasIndex(q => q.Status);
        b.HasOne(q => q.Patient).WithMany().HasForeignKey(q => q.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.Property(q => q.TargetEntity).HasMaxLength(64).IsRequired();
        b.Property(q => q.TargetField).HasMaxLength(128).IsRequired();
        b.Property(q => q.TargetLabel).HasMaxLength(200).IsRequired();
        b.Property(q => q.AnswerRole).HasMaxLength(32).IsRequired();
        b.Property(q => q.Question).HasMaxLength(ClinicalLimits.FreeTextMaxLength).IsRequired();
        b.Property(q => q.Answer).HasMaxLength(ClinicalLimits.FreeTextMaxLength);
        b.Property(q => q.OpenedBy).HasMaxLength(ClinicalLimits.UserMaxLength).IsRequired();
        b.Property(q => q.AnsweredBy).HasMaxLength(ClinicalLimits.UserMaxLength);
        b.Property(q => q.ClosedBy).HasMaxLength(ClinicalLimits.UserMaxLength);
        b.Property(q => q.Version).IsConcurrencyToken();
    }
}
