using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PvpRegistry.Data;

namespace PvpRegistry.Migrations.Sqlite;

/// <summary>Lets `dotnet ef` build the model for Sqlite without starting the app; no connection is opened.</summary>
public class DesignTimeFactory : IDesignTimeDbContextFactory<RegistryDbContext>
{
    public RegistryDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<RegistryDbContext>();
        builder.UseRegistryDatabase(DatabaseProvider.Sqlite, "Data Source=design-time.db");
        return new RegistryDbContext(builder.Options);
    }
}
