using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Reminders;

namespace PvpRegistry.Cli.Registry;

/// <summary>`pvp reminders run --as-of YYYY-MM-DD [--dry-run] [--format json|table]`: the scheduler's run, once.</summary>
public static class ReminderCommands
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "run") throw new CliUsageException("usage: pvp reminders run --as-of YYYY-MM-DD [--dry-run] [--format json|table]");
        var a = new CliArguments(args[1..], "dry-run");
        var asOf = a.Date("as-of");
        bool dry = a.Has("dry-run");
        var format = a.Get("format") ?? "table";
        a.RejectUnknown();
        if (format is not ("json" or "table")) throw new CliUsageException($"--format must be json or table (got '{format}').");

        await using var sp = RegistryCommands.Services();
        await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(60));
        var day = asOf ?? sp.GetRequiredService<RegistryClock>().Today;
        var result = await sp.GetRequiredService<ReminderRun>().RunAsync(day, dry);

        if (format == "json")
        {
            var json = result.Created.Select(c => new Dictionary<string, string>
            {
                ["study_id"] = c.StudyId, ["visit"] = c.Visit.Code(), ["kind"] = c.Kind.Code(),
            });
            Console.Out.WriteLine(JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            Console.Out.WriteLine($"{(dry ? "Dry run (nothing saved)" : "Reminder run")} for {day:yyyy-MM-dd}: {result.Created.Count} reminder(s) {(dry ? "would be" : "")} created{(dry ? "" : $", {result.Resolved} resolved, {result.Digests.Count} digest(s) queued")}".Replace("  ", " "));
            if (result.Created.Count > 0)
            {
                Console.Out.WriteLine($"{"study_id",-16} {"visit",-6} kind");
                foreach (var c in result.Created) Console.Out.WriteLine($"{c.StudyId,-16} {c.Visit.Code(),-6} {c.Kind.Code()}");
            }
            foreach (var d in result.Digests) Console.Out.WriteLine($"digest to {d.Recipient}: {d.Reminders} reminder(s)");
        }
        return 0;
    }
}
