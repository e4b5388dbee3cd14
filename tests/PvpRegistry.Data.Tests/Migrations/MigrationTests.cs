using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PvpRegistry.Core;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.Migrations;

/// <summary>One migrations assembly per provider; every model change has a migration in both.</summary>
public class MigrationTests
{
    [Fact]
    public async Task Fresh_sqlite_file_migrates_with_nothing_left_pending()
    {
        await using var registry = await TestRegistry.CreateAsync(migrate: false);
        await using var db = registry.NewContext();
        Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        Assert.Contains(applied, m => m.EndsWith("_Initial", StringComparison.Ordinal));
        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.True(File.Exists(registry.DatabaseFile));
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
        await using var registry = await TestRegistry.CreateAsync();
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
    public void Both_providers_have_the_same_migrations()
    {
        using var sqlite = new PvpRegistry.Migrations.Sqlite.DesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new PvpRegistry.Migrations.SqlServer.DesignTimeFactory().CreateDbContext([]);
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_') + 1)..]);
        Assert.Equal(Names(sqlite), Names(sqlServer));
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
