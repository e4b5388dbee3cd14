using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PvpRegistry.Data;

namespace PvpRegistry.Migrations.SqlServer;

/// <summary>Lets `dotnet ef` build the model for SqlServer without starting the app; no connection is opened.</summary>
public class DesignTimeFactory : IDesignTimeDbContextFactory<RegistryDbContext>
{
    public RegistryDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<RegistryDbContext>();
        builder.UseRegistryDatabase(DatabaseProvider.SqlServer, "Server=localhost;Database=PvpRegistry;Trusted_Connection=False;User Id=sa;Password=unused-at-design-time;TrustServerCertificate=True");
        return new RegistryDbContext(builder.Options);
    }
}
