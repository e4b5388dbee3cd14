using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PvpRegistry.Data;

namespace PvpRegistry.Migrations.Postgres;

/// <summary>Lets `dotnet ef` build the model for PostgreSQL without starting the app; no connection is opened.</summary>
public class DesignTimeFactory : IDesignTimeDbContextFactory<RegistryDbContext>
{
    public RegistryDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<RegistryDbContext>();
        builder.UseRegistryDatabase(DatabaseProvider.Postgres, "Host=localhost;Database=pvpregistry;Username=pvp_owner;Password=unused-at-design-time");
        return new RegistryDbContext(builder.Options);
    }
}
