using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PvpRegistry.Core;
using PvpRegistry.Data.Demo;
using PvpRegistry.Data.FollowUp;
using PvpRegistry.Data.Reminders;
using PvpRegistry.Data.StudyCsv;

namespace PvpRegistry.Data;

public enum DatabaseProvider { Sqlite, SqlServer, Postgres }

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

    /// <summary>A database command that takes longer than this (waiting for a lock included) is logged as a warning (<see cref="SlowCommandLog"/>).</summary>
    public TimeSpan SlowCommandThreshold { get; set; } = TimeSpan.FromSeconds(2);

    public static string DefaultDataFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "PvpRegistry");

    public string ResolveConnectionString(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        if (Provider != DatabaseProvider.Sqlite)
            throw new InvalidOperationException($"Database:Provider is {Provider} but ConnectionStrings:Registry is not set.");
        var folder = string.IsNullOrWhiteSpace(DataFolder) ? DefaultDataFolder : DataFolder;
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "registry.db")}";
    }
}

/// <summary>Configuration section "DataProtection": the certificate (PKCS#12) that encrypts the key ring at rest.</summary>
public class KeyProtectionOptions
{
    public const string Section = "DataProtection";
    public string CertificateFile { get; set; } = "";
    public string? CertificatePassword { get; set; }
}

public static class DataServiceCollectionExtensions
{
    public const string SqliteMigrationsAssembly = "PvpRegistry.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "PvpRegistry.Migrations.SqlServer";
    public const string PostgresMigrationsAssembly = "PvpRegistry.Migrations.Postgres";

    /// <summary>Configures a builder for the chosen provider and its migrations assembly.</summary>
    public static DbContextOptionsBuilder UseRegistryDatabase(this DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString) =>
        provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly)),
            DatabaseProvider.SqlServer => builder.UseSqlServer(connectionString, o => o.MigrationsAssembly(SqlServerMigrationsAssembly)),
            DatabaseProvider.Postgres => builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };

    /// <summary>
    /// The registry's database (a context factory: one short-lived context per operation), its options bound from
    /// configuration, follow-up options, and the services every host of the registry uses (CSV import and export,
    /// the worklist, the demo cohort).
    /// </summary>
    public static IServiceCollection AddRegistryData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value);
        services.AddOptions<FollowUpOptions>().BindConfiguration(FollowUpOptions.Section);
        services.AddSingleton(sp => new FollowUpSchedule(sp.GetRequiredService<IOptions<FollowUpOptions>>().Value));
        services.TryAddTimeProvider();
        services.AddDbContextFactory<RegistryDbContext>((sp, b) =>
        {
            var options = sp.GetRequiredService<DatabaseOptions>();
            b.UseRegistryDatabase(options.Provider, options.ResolveConnectionString(configuration))
                .AddInterceptors(new SlowCommandLog(sp.GetRequiredService<ILogger<SlowCommandLog>>(), options.SlowCommandThreshold));
        });
        services.AddSingleton<RegistryClock>();
        services.AddSingleton<Study.CohortLoader>();
        services.AddSingleton<IRegistryChangeNotifier, InProcessChangeNotifier>();
        services.AddOptions<ChangeFeedOptions>().BindConfiguration(ChangeFeedOptions.Section);
        services.AddSingleton<RegistryChangeFeed>();
        services.AddSingleton<QueryPlannerStatistics>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<StudyCsvImporter>().AddSingleton<StudyCsvExporter>().AddSingleton<Worklist>().AddSingleton<PassedWindowClosing>().AddSingleton<DemoCohort>()
            .AddSingleton<Quality.DataQuality>();
        // The import raises reminders for the schedules it creates.
        services.AddRegistryReminders();
        return services;
    }

    /// <summary>The web instance's poller of the change feed: other processes' saves reach this process's screens.</summary>
    public static IServiceCollection AddRegistryChangePoller(this IServiceCollection services)
    {
        services.AddSingleton<RegistryChangePoller>();
        services.AddHostedService(sp => sp.GetRequiredService<RegistryChangePoller>());
        return services;
    }

    /// <summary>
    /// Data Protection (sign-in cookies, antiforgery tokens) with its key ring in the registry database, so every
    /// instance reads the same keys; the keys are encrypted with DataProtection:CertificateFile when one is configured.
    /// </summary>
    public static IServiceCollection AddRegistryDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var keys = configuration.GetSection(KeyProtectionOptions.Section).Get<KeyProtectionOptions>() ?? new();
        var builder = services.AddDataProtection().SetApplicationName("PvpRegistry").PersistKeysToDbContext<RegistryDbContext>();
        if (!string.IsNullOrWhiteSpace(keys.CertificateFile))
            builder.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(keys.CertificateFile, keys.CertificatePassword));
        return services;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }
}
