using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PvpRegistry.Core;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.Migrations;

/// <summary>One migrations assembly per provider; every model change has a migration in all three.</summary>
public class MigrationTests
{
    [Fact]
    public async Task A_fresh_database_migrates_with_nothing_left_pending()
    {
        await using var registry = await TestRegistry.CreateAsync(migrate: false);
        await using var db = registry.NewContext();
        Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        Assert.Contains(applied, m => m.EndsWith("_Initial", StringComparison.Ordinal));
        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.True(await registry.Database.ExistsAsync());
        // The schema works: a query on every main table runs.
        Assert.Equal(0, await db.Patients.CountAsync());
        Assert.Equal(0, await db.Visits.CountAsync());
        Assert.Equal(0, await db.Assessments.CountAsync());
        Assert.Equal(0, await db.AuditTrail.CountAsync());
    }

    [Fact]
    public async Task Migrating_twice_is_harmless()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await using var db = registry.NewContext();
        await db.Database.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Eligibility_answers_stored_before_they_became_nullable_keep_their_yes_and_no()
    {
        // A data migration of registries created before PostgreSQL was supported (its migrations start later).
        await using var registry = await TestRegistry.CreateAsync(provider: DatabaseProvider.Sqlite);
        await using (var db = registry.NewContext())
        {
            var patient = PatientFactory.Operated("PVP-0001", new DateOnly(2025, 3, 1));
            patient.Eligibility.RefusesSurgery = true;
            db.Patients.Add(patient);
            await db.SaveChangesAsync();
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            var beforeNullable = migrations[migrations.FindIndex(m => m.EndsWith("_EligibilityAnswersNullable", StringComparison.Ordinal)) - 1];
            await migrator.MigrateAsync(beforeNullable);
            await migrator.MigrateAsync();
        }

        await using var read = registry.NewContext();
        var eligibility = (await read.Patients.SingleAsync()).Eligibility;
        Assert.Empty(eligibility.UnansweredCriteria());
        Assert.True(eligibility.FrankelD);
        Assert.False(eligibility.PrimarySpinalMalignancy);
        Assert.True(eligibility.RefusesSurgery);
    }

    [Fact]
    public void Sqlite_migrations_cover_the_whole_model()
    {
        using var db = new PvpRegistry.Migrations.Sqlite.DesignTimeFactory().CreateDbContext([]);
        Assert.Equal("Microsoft.EntityFrameworkCore.Sqlite", db.Database.ProviderName);
        Assert.Equal(DataServiceCollectionExtensions.SqliteMigrationsAssembly, db.GetService<IMigrationsAssembly>().Assembly.GetName().Name);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changed since the last SQLite migration.");
    }

    [Fact]
    public void Sql_server_migrations_cover_the_whole_model()
    {
        using var db = new PvpRegistry.Migrations.SqlServer.DesignTimeFactory().CreateDbContext([]);
        Assert.Equal("Microsoft.EntityFrameworkCore.SqlServer", db.Database.ProviderName);
        Assert.Equal(DataServiceCollectionExtensions.SqlServerMigrationsAssembly, db.GetService<IMigrationsAssembly>().Assembly.GetName().Name);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changed since the last SQL Server migration.");
    }

    [Fact]
    public void Postgres_migrations_cover_the_whole_model()
    {
        using var db = new PvpRegistry.Migrations.Postgres.DesignTimeFactory().CreateDbContext([]);
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
        Assert.Equal(DataServiceCollectionExtensions.PostgresMigrationsAssembly, db.GetService<IMigrationsAssembly>().Assembly.GetName().Name);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changed since the last PostgreSQL migration.");
    }

    [Fact]
    public void Every_provider_has_the_same_migrations_since_postgres_started_from_the_whole_model()
    {
        using var sqlite = new PvpRegistry.Migrations.Sqlite.DesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new PvpRegistry.Migrations.SqlServer.DesignTimeFactory().CreateDbContext([]);
        using var postgres = new PvpRegistry.Migrations.Postgres.DesignTimeFactory().CreateDbContext([]);
        static string Name(string id) => id[(id.IndexOf('_') + 1)..];
        Assert.Equal(sqlite.Database.GetMigrations().Select(Name), sqlServer.Database.GetMigrations().Select(Name));
        // PostgreSQL's Initial holds the model as it stood when it was added; each later model change is in all three,
        // so PostgreSQL's later migrations are the last ones of the others, under the same names.
        var postgresNames = postgres.Database.GetMigrations().Select(Name).ToList();
        Assert.Equal("Initial", postgresNames[0]);
        Assert.Equal(sqlite.Database.GetMigrations().Select(Name).TakeLast(postgresNames.Count - 1), postgresNames.Skip(1));
    }

    [Fact]
    public void Sql_server_idempotent_script_generates_without_a_server()
    {
        using var db = new PvpRegistry.Migrations.SqlServer.DesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [Patients]", script);
        Assert.Contains("CREATE TABLE [AuditTrail]", script);
        Assert.Contains("IF NOT EXISTS", script);
        Assert.Contains("__EFMigrationsHistory", script);
        foreach (var migration in db.Database.GetMigrations())
            Assert.Contains($"N'{migration}'", script);
    }

    [Fact]
    public void Sqlite_script_creates_the_tables()
    {
        using var db = new PvpRegistry.Migrations.Sqlite.DesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript();
        Assert.Contains("CREATE TABLE \"Patients\"", script);
        Assert.Contains("CREATE TABLE \"Assessments\"", script);
    }
}
