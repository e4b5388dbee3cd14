using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;

namespace PvpRegistry.Data;

public enum DatabaseProvider { Sqlite, SqlServer }

/// <summary>Configuration section "Database" (env: Database__Provider, Database__DataFolder); the connection string is ConnectionStrings:Registry.</summary>
public class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "Registry";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Where the SQLite file lives when no connection string is given; empty = the user's local application data folder.</summary>
    public string DataFolder { get; set; } = "";

    /// <summary>Load the synthetic demo cohort into an empty database on first start.</summary>
    public bool SeedDemoData { get; set; } = true;

    public static string DefaultDataFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "PvpRegistry");

    public string ResolveConnectionString(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        if (Provider == DatabaseProvider.SqlServer)
            throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:Registry is not set.");
        var folder = string.IsNullOrWhiteSpace(DataFolder) ? DefaultDataFolder : DataFolder;
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "registry.db")}";
    }

    public static DatabaseOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
}

public static class DataServiceCollectionExtensions
{
    public const string SqliteMigrationsAssembly = "PvpRegistry.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "PvpRegistry.Migrations.SqlServer";

    /// <summary>Configures a builder for the chosen provider and its migrations assembly.</summary>
    public static DbContextOptionsBuilder UseRegistryDatabase(this DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString) =>
        provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly)),
            DatabaseProvider.SqlServer => builder.UseSqlServer(connectionString, o => o.MigrationsAssembly(SqlServerMigrationsAssembly)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };

    /// <summary>The registry's database (a context factory: one short-lived context per operation) and follow-up options.</summary>
    public static IServiceCollection AddRegistryData(this IServiceCollection services, IConfiguration configuration)
    {
        var options = DatabaseOptions.From(configuration);
        var connectionString = options.ResolveConnectionString(configuration);
        services.AddSingleton(options);
        services.AddOptions<FollowUpOptions>().BindConfiguration(FollowUpOptions.Section);
        services.AddSingleton(sp => new FollowUpSchedule(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<FollowUpOptions>>().Value));
        services.TryAddTimeProvider();
        services.AddDbContextFactory<RegistryDbContext>((sp, b) => b.UseRegistryDatabase(options.Provider, connectionString));
        services.AddSingleton<RegistryClock>();
        services.AddSingleton<Study.CohortLoader>();
        services.AddSingleton<IRegistryChangeNotifier, InProcessChangeNotifier>();
        services.AddSingleton<QueryPlannerStatistics>();
        services.AddSingleton<DatabaseMigrator>();
        return services;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }
}
