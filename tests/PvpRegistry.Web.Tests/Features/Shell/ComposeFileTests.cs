using System.Data.Common;
using PvpRegistry.Web.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace PvpRegistry.Web.Tests.Features.Shell;

/// <summary>
/// The docker compose stacks (docker-compose.yml, read as YAML: docker itself does not run in the test) give the web
/// app a login with row rights only: it never connects as sa or as the PostgreSQL superuser, migrations run as the
/// owner login, and the administrator's password reaches only the database server and its one-shot init job.
/// </summary>
public class ComposeFileTests
{
    private static readonly YamlMappingNode Services = LoadServices();

    private static YamlMappingNode LoadServices()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepositoryFolder.Root, "docker-compose.yml"))) yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    /// <summary>A service's own keys, with those it takes from an anchor by a merge key (&lt;&lt;: *web).</summary>
    private static YamlNode? Setting(YamlMappingNode service, string key) =>
        service.Children.TryGetValue(key, out var value) ? value
        : service.Children.TryGetValue("<<", out var merged) && merged is YamlMappingNode anchor && anchor.Children.TryGetValue(key, out var inherited) ? inherited
        : null;

    private static Dictionary<string, string> Environment(YamlMappingNode service) =>
        Setting(service, "environment") is YamlMappingNode env
            ? env.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? "")
            : [];

    private static IEnumerable<(string Name, YamlMappingNode Service)> AllServices() =>
        Services.Children.Select(s => (((YamlScalarNode)s.Key).Value!, (YamlMappingNode)s.Value));

    private static string LoginOf(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return (string)(parts.TryGetValue("User Id", out var user) ? user : parts["Username"]);
    }

    [Fact]
    public void The_web_app_connects_with_the_application_login_and_migrations_with_the_owner_on_both_engines()
    {
        var registryClients = AllServices()
            .Select(s => (s.Name, Migrates: Setting(s.Service, "entrypoint")?.ToString().Contains("migrate") == true, Environment: Environment(s.Service)))
            .Where(s => s.Environment.ContainsKey("ConnectionStrings__Registry"))
            .ToList();

        var webApps = registryClients.Where(s => !s.Migrates).ToList();
        Assert.Equal(["SqlServer", "Postgres"], webApps.Select(s => s.Environment["Database__Provider"]));
        Assert.All(webApps, s => Assert.Equal("pvp_app", LoginOf(s.Environment["ConnectionStrings__Registry"])));
        var migrations = registryClients.Where(s => s.Migrates).ToList();
        Assert.Equal(["SqlServer", "Postgres"], migrations.Select(s => s.Environment["Database__Provider"]));
        Assert.All(migrations, s => Assert.Equal("pvp_owner", LoginOf(s.Environment["ConnectionStrings__Registry"])));
    }

    [Fact]
    public void The_administrators_passwords_reach_only_the_database_servers_and_their_init_job()
    {
        var holders = AllServices()
            .Where(s => Environment(s.Service).Values.Any(v => v.Contains("MSSQL_SA_PASSWORD") || v.Contains("POSTGRES_PASSWORD")))
            .Select(s => s.Name);
        Assert.Equal(["db", "db-init", "postgres"], holders);
    }

    [Fact]
    public void The_application_login_gets_row_rights_only_on_both_engines()
    {
        var sqlServer = File.ReadAllText(Path.Combine(RepositoryFolder.Root, "deploy", "sqlserver", "init.sql"));
        Assert.Contains("ALTER ROLE [db_datareader] ADD MEMBER [pvp_app]", sqlServer);
        Assert.Contains("ALTER ROLE [db_datawriter] ADD MEMBER [pvp_app]", sqlServer);
        Assert.DoesNotContain("ADD MEMBER [pvp_app]", sqlServer.Replace("ALTER ROLE [db_datareader] ADD MEMBER [pvp_app]", "").Replace("ALTER ROLE [db_datawriter] ADD MEMBER [pvp_app]", ""));

        var postgres = File.ReadAllLines(Path.Combine(RepositoryFolder.Root, "deploy", "postgres", "pvp-logins.sql"));
        var grantsToApp = postgres.Where(l => l.StartsWith("GRANT", StringComparison.Ordinal) || l.Contains(" GRANT ", StringComparison.Ordinal)).Where(l => l.Contains("TO pvp_app", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["GRANT CONNECT, TEMPORARY ON DATABASE :\"db\" TO pvp_app;", "GRANT USAGE ON SCHEMA public TO pvp_app;",
             "ALTER DEFAULT PRIVILEGES FOR ROLE pvp_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO pvp_app;",
             "ALTER DEFAULT PRIVILEGES FOR ROLE pvp_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO pvp_app;"],
            grantsToApp);
        Assert.Contains("REVOKE CREATE ON SCHEMA public FROM PUBLIC;", postgres);
        Assert.Contains("CREATE DATABASE :\"db\" OWNER pvp_owner;", postgres);
    }
}
