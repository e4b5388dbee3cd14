using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PvpRegistry.Core;

namespace PvpRegistry.Data.Configurations;

public class ProcedureConfiguration : IEntityTypeConfiguration<Procedure>
{
    public void Configure(EntityTypeBuilder<Procedure> b)
    {
        b.HasIndex(p => p.PatientId);
        b.Property(p => p.Surgeon).HasMaxLength(ClinicalLimits.NameMaxLength);
        b.Property(p => p.Complications).HasMaxLength(ClinicalLimits.FreeTextMaxLength);
        b.Property(p => p.Notes).HasMaxLength(ClinicalLimits.FreeTextMaxLength);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.OwnsMany(p => p.TreatedLevels, l =>
        {
            l.ToTable("ProcedureLevels");
            l.WithOwner().HasForeignKey("ProcedureId");
            l.Property<int>("Id");
            l.HasKey("Id");
        });
        b.OwnsOne(p => p.Voided, VoidingConfiguration.Configure);
    }
}
