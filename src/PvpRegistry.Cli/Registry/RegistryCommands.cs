using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.FollowUp;
using PvpRegistry.Data.Reminders;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Data.Users;

namespace PvpRegistry.Cli.Registry;

/// <summary>The registry's operations against the configured database (the same configuration as the web app).</summary>
public static class RegistryCommands
{
    /// <summary>
    /// The registry's services, configured by appsettings.json and the environment, then by the settings the command
    /// line was created with (<see cref="Pvp.RunAsync(string[], TextWriter, TextWriter, IReadOnlyDictionary{string, string?}?)"/>).
    /// </summary>
    internal static ServiceProvider Services(ParseResult r)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(((PvpRootCommand)r.RootCommandResult.Command).Settings);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter((category, level) => level >= LogLevel.Warning);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddRegistryData(builder.Configuration);
        builder.Services.AddRegistryDataProtection(builder.Configuration);
        builder.Services.AddRegistryIdentityCore();
        builder.Services.AddRegistryReminders();
        return builder.Services.BuildServiceProvider();
    }

    internal static string Actor => $"cli:{Environment.UserName}";

    public static Command Migrate()
    {
        var command = new Command("migrate", "Apply database migrations (waits up to a minute for a server that is starting).");
        command.SetAction(async (r, _) =>
        {
            await using var sp = Services(r);
            var applied = await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(60));
            r.InvocationConfiguration.Output.WriteLine(applied.Count == 0 ? "The database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return 0;
        });
        return command;
    }

    public static Command Import()
    {
        var file = new Argument<FileInfo>("FILE.csv") { Description = "the study CSV to import" }.AcceptExistingOnly();
        var command = new Command("import", "Import a study CSV, all or nothing: any problem imports nothing and every problem is listed.") { file };
        command.SetAction(async (r, _) =>
        {
            var path = r.GetRequiredValue(file).FullName;
            await using var sp = Services(r);
            await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(60));
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var result = await sp.GetRequiredService<StudyCsvImporter>().ImportAsync(stream, Actor);
            if (!result.Succeeded)
            {
                var error = r.InvocationConfiguration.Error;
                error.WriteLine($"pvp import: {path} was not imported; nothing was changed. {result.Problems.Count} problem(s):");
                foreach (var p in result.Problems) error.WriteLine(p);
                return 1;
            }
            r.InvocationConfiguration.Output.WriteLine($"Imported {result.Imported} patient(s); {result.Unchanged} already in the registry and unchanged.");
            return 0;
        });
        return command;
    }

    public static Command Export()
    {
        var output = CliOptions.WrittenFile("--out", "the study CSV to write");
        var deidentified = new Option<bool>("--deidentified")
        {
            Description = "no MRN, name or birth date; stable pseudonyms, one date shift back per patient (never past today), ages over 89 as 90",
        };
        var command = new Command("export", "Export the study CSV.") { output, deidentified };
        command.SetAction(async (r, _) =>
        {
            var path = r.GetRequiredValue(output);
            bool anonymous = r.GetValue(deidentified);
            await using var sp = Services(r);
            await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(60));
            int count = await OutputFile.WriteAsync(path, async temp =>
            {
                await using var writer = new StreamWriter(temp, false, new System.Text.UTF8Encoding(false));
                return await sp.GetRequiredService<StudyCsvExporter>().ExportAsync(writer, anonymous);
            });
            r.InvocationConfiguration.Error.WriteLine($"Exported {count} patient(s) to {path}{(anonymous ? " (de-identified)" : "")}.");
            return 0;
        });
        return command;
    }

    public static Command Worklist()
    {
        var asOf = CliOptions.Date("--as-of", "the day to look at (default: today)");
        var format = CliOptions.Format();
        var command = new Command("worklist", "Visits due and overdue on a date.") { asOf, format };
        command.SetAction(async (r, _) =>
        {
            var output = r.InvocationConfiguration.Output;
            await using var sp = Services(r);
            await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(60));
            var today = r.GetValue(asOf) ?? sp.GetRequiredService<RegistryClock>().Today;
            var items = await sp.GetRequiredService<PvpRegistry.Data.FollowUp.Worklist>().DueAndOverdueAsync(today);
            if (r.GetValue(format) == "json")
            {
                var json = items.Select(i => new Dictionary<string, object>
                {
                    ["study_id"] = i.StudyId,
                    ["visit"] = i.Visit.Code(),
                    ["status"] = i.Status.Code(),
                    ["window_start"] = i.WindowStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["window_end"] = i.WindowEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                });
                output.WriteLine(JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            output.WriteLine($"Worklist on {today:yyyy-MM-dd}: {items.Count(i => i.Status == VisitStatus.Overdue)} overdue, {items.Count(i => i.Status == VisitStatus.Due)} due");
            output.WriteLine($"{"study_id",-16} {"visit",-6} {"status",-8} {"window",-23} {"days",5}");
            foreach (var i in items)
                output.WriteLine($"{i.StudyId,-16} {i.Visit.Code(),-6} {i.Status.Code(),-8} {i.WindowStart:yyyy-MM-dd}..{i.WindowEnd:yyyy-MM-dd} {i.DaysLeft,5}");
            if (items.Count == 0) output.WriteLine("Nothing is due or overdue.");
            return 0;
        });
        return command;
    }

    public static Command Health()
    {
        var url = new Option<string>("--url") { Description = "check a running app's health endpoint instead of the database", HelpName = "http://host/health" };
        var command = new Command("health", "Check the database (or a running app); exit 0 when healthy.") { url };
        command.SetAction(async (r, _) =>
        {
            var output = r.InvocationConfiguration.Output;
            if (r.GetValue(url) is { } address)
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                try
                {
                    var body = await http.GetStringAsync(address);
                    output.WriteLine(body);
                    return body.Trim() == "Healthy" ? 0 : 1;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    r.InvocationConfiguration.Error.WriteLine($"pvp health: {address} did not answer ({ex.Message}).");
                    return 1;
                }
            }
            await using var sp = Services(r);
            var factory = sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<RegistryDbContext>>();
            await using var db = await factory.CreateDbContextAsync();
            bool ok = await db.Database.CanConnectAsync();
            output.WriteLine(ok ? "Healthy" : "Unhealthy");
            return ok ? 0 : 1;
        });
        return command;
    }
}
