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
using Microsoft.AspNetCore.DataProtection;

namespace PvpRegistry.Cli.Registry;

/// <summary>The registry's operations against the configured database (the same configuration as the web app).</summary>
public static class RegistryCommands
{
    internal static ServiceProvider Services()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter((category, level) => level >= LogLevel.Warning);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddRegistryData(builder.Configuration);
        builder.Services.AddDataProtection();
        builder.Services.AddRegistryIdentityCore();
        builder.Services.AddRegistryReminders();
        return builder.Services.BuildServiceProvider();
    }

    internal static string Actor => $"cli:{Environment.UserName}";

    public static async Task<int> MigrateAsync(string[] args)
    {
        var a = new CliArguments(args);
        a.RejectUnknown();
        await using var sp = Services();
        var applied = await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(60));
        Console.Out.WriteLine(applied.Count == 0 ? "The database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
        return 0;
    }

    public static async Task<int> ImportAsync(string[] args)
    {
        var a = new CliArguments(args);
        a.RejectUnknown(maxPositional: 1);
        var file = a.Positional.FirstOrDefault() ?? throw new CliUsageException("name the CSV file to import: pvp import FILE.csv");
        if (!File.Exists(file)) throw new CliUsageException($"file not found: {file}");
        await using var sp = Services();
        await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(60));
        using var reader = new StreamReader(file);
        var result = await sp.GetRequiredService<StudyCsvImporter>().ImportAsync(reader, Actor);
        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"pvp import: {file} was not imported; nothing was changed. {result.Problems.Count} problem(s):");
            foreach (var p in result.Problems) Console.Error.WriteLine(p);
            return 1;
        }
        Console.Out.WriteLine($"Imported {result.Imported} patient(s); {result.Unchanged} already in the registry and unchanged.");
        return 0;
    }

    public static async Task<int> ExportAsync(string[] args)
    {
        var a = new CliArguments(args, "deidentified");
        var output = a.Require("out");
        bool deidentified = a.Has("deidentified");
        a.RejectUnknown();
        await using var sp = Services();
        await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(60));
        int count = await OutputFile.WriteAsync(output, async temp =>
        {
            await using var writer = new StreamWriter(temp, false, new System.Text.UTF8Encoding(false));
            return await sp.GetRequiredService<StudyCsvExporter>().ExportAsync(writer, deidentified);
        });
        Console.Error.WriteLine($"Exported {count} patient(s) to {output}{(deidentified ? " (de-identified)" : "")}.");
        return 0;
    }

    public static async Task<int> WorklistAsync(string[] args)
    {
        var a = new CliArguments(args);
        var asOf = a.Date("as-of");
        var format = a.Get("format") ?? "table";
        a.RejectUnknown();
        if (format is not ("json" or "table")) throw new CliUsageException($"--format must be json or table (got '{format}').");
        await using var sp = Services();
        await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(60));
        var today = asOf ?? sp.GetRequiredService<RegistryClock>().Today;
        var items = await sp.GetRequiredService<Worklist>().DueAndOverdueAsync(today);
        if (format == "json")
        {
            var json = items.Select(i => new Dictionary<string, object>
            {
                ["study_id"] = i.StudyId,
                ["visit"] = i.Visit.Code(),
                ["status"] = i.Status.Code(),
                ["window_start"] = i.WindowStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["window_end"] = i.WindowEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            });
            Console.Out.WriteLine(JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        Console.Out.WriteLine($"Worklist on {today:yyyy-MM-dd}: {items.Count(i => i.Status == VisitStatus.Overdue)} overdue, {items.Count(i => i.Status == VisitStatus.Due)} due");
        Console.Out.WriteLine($"{"study_id",-16} {"visit",-6} {"status",-8} {"window",-23} {"days",5}");
        foreach (var i in items)
            Console.Out.WriteLine($"{i.StudyId,-16} {i.Visit.Code(),-6} {i.Status.Code(),-8} {i.WindowStart:yyyy-MM-dd}..{i.WindowEnd:yyyy-MM-dd} {i.DaysLeft,5}");
        if (items.Count == 0) Console.Out.WriteLine("Nothing is due or overdue.");
        return 0;
    }

    public static async Task<int> HealthAsync(string[] args)
    {
        var a = new CliArguments(args);
        var url = a.Get("url");
        a.RejectUnknown();
        if (url is not null)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                var body = await http.GetStringAsync(url);
                Console.Out.WriteLine(body);
                return body.Trim() == "Healthy" ? 0 : 1;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Console.Error.WriteLine($"pvp health: {url} did not answer ({ex.Message}).");
                return 1;
            }
        }
        await using var sp = Services();
        var factory = sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<RegistryDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        bool ok = await db.Database.CanConnectAsync();
        Console.Out.WriteLine(ok ? "Healthy" : "Unhealthy");
        return ok ? 0 : 1;
    }
}
