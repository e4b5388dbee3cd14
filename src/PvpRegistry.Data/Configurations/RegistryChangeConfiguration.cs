using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PvpRegistry.Data.Configurations;

public class RegistryChangeConfiguration : IEntityTypeConfiguration<RegistryChangeRecord>
{
    public void Configure(EntityTypeBuilder<RegistryChangeRecord> b)
    {
        b.ToTable("RegistryChanges");
        b.Property(c => c.Entities).HasMaxLength(300).IsRequired();
        b.HasIndex(c => c.AtUtc);
    }
}
