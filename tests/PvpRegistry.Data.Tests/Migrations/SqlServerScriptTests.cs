using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace PvpRegistry.Data.Tests.Migrations;

/// <summary>
/// SQL Server's SQL is checked without a server: T-SQL's own parser reads the idempotent script a DBA runs and every
/// statement the migrations write by hand (triggers), and any parse error fails.
/// </summary>
public class SqlServerScriptTests
{
    private static RegistryDbContext SqlServerModel() => new PvpRegistry.Migrations.SqlServer.DesignTimeFactory().CreateDbContext([]);

    /// <summary>The parse errors of the SQL and of every string it runs through EXEC(N'...'), which the server parses only when run.</summary>
    private static List<ParseError> Parse(string sql)
    {
        var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        var executed = new ExecutedStrings();
        fragment?.Accept(executed);
        return [.. errors, .. executed.Sql.SelectMany(Parse)];
    }

    private sealed class ExecutedStrings : TSqlFragmentVisitor
    {
        public List<string> Sql { get; } = [];

        /// <summary>Strings written out in full; one built with a variable (EF's DROP CONSTRAINT ' + @var) is known only when run.</summary>
        public override void Visit(ExecutableStringList node)
        {
            if (node.Strings.All(s => s is StringLiteral)) Sql.Add(string.Concat(node.Strings.Cast<StringLiteral>().Select(s => s.Value)));
        }
    }

    private static string Describe(IEnumerable<ParseError> errors, string sql)
    {
        var lines = sql.Split('\n');
        return string.Join("\n", errors.Select(e => $"line {e.Line}: {e.Message} | {(e.Line >= 1 && e.Line <= lines.Length ? lines[e.Line - 1].Trim() : "")}"));
    }

    [Fact]
    public void The_idempotent_script_parses_as_T_SQL()
    {
        using var db = SqlServerModel();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var errors = Parse(script);

        Assert.True(errors.Count == 0, Describe(errors, script));
        Assert.Contains("CREATE TRIGGER [AuditTrail_AppendOnly]", script);
    }

    [Fact]
    public void Every_hand_written_statement_of_the_migrations_parses_as_T_SQL()
    {
        using var db = SqlServerModel();
        var assembly = db.GetService<IMigrationsAssembly>();
        var handWritten = assembly.Migrations
            .Select(m => (Id: m.Key, Migration: assembly.CreateMigration(m.Value, db.GetService<IDatabaseProvider>().Name)))
            .SelectMany(m => m.Migration.UpOperations.Concat(m.Migration.DownOperations).OfType<SqlOperation>().Select(o => (Migration: m.Id, o.Sql)))
            .ToList();

        Assert.Contains(handWritten, s => s.Sql.Contains("CREATE TRIGGER [AuditTrail_AppendOnly]", StringComparison.Ordinal));
        Assert.NotEmpty(Parse("EXEC(N'CREATE TRIGGER [T] ON [AuditTrail] AFTER DELETE AS BEGIN THROW; END END')")); // the check reads inside EXEC
        Assert.All(handWritten, s =>
        {
            var errors = Parse(s.Sql);
            Assert.True(errors.Count == 0, $"{s.Migration}: {Describe(errors, s.Sql)}");
        });
    }

    [Fact]
    public void The_deployment_script_that_creates_the_logins_parses_as_T_SQL()
    {
        // sqlcmd replaces $(NAME) with the variable's value before the server reads the batch.
        var script = System.Text.RegularExpressions.Regex.Replace(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "sqlserver-init.sql")), @"\$\((\w+)\)", "value_of_$1");

        var errors = Parse(script);

        Assert.True(errors.Count == 0, Describe(errors, script));
        Assert.Contains("CREATE LOGIN [pvp_app]", script);
    }
}
