using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Reminders;

namespace PvpRegistry.Cli.Registry;

/// <summary>`pvp reminders run --as-of YYYY-MM-DD [--dry-run] [--format json|table]`: the scheduler's run, once.</summary>
public static class ReminderCommands
{
    public static Command Create()
    {
        var asOf = CliOptions.Date("--as-of", "the day of the run (default: today)");
        var dryRun = new Option<bool>("--dry-run") { Description = "only print the reminders that would be raised; nothing is saved" };
        var format = CliOptions.Format();
        var run = new Command("run", "Raise the reminders current on a date (once per visit and kind) and queue the e-mail digests.") { asOf, dryRun, format };
        run.SetAction(async (r, _) =>
        {
            var output = r.InvocationConfiguration.Output;
            bool dry = r.GetValue(dryRun);
            await using var sp = RegistryCommands.Services(r);
            await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(60));
            var day = r.GetValue(asOf) ?? sp.GetRequiredService<RegistryClock>().Today;
            var result = await sp.GetRequiredService<ReminderRun>().RunAsync(day, dry);

            if (r.GetValue(format) == "json")
            {
                var json = result.Created.Select(c => new Dictionary<string, string>
                {
                    ["study_id"] = c.StudyId, ["visit"] = c.Visit.Code(), ["kind"] = c.Kind.Code(),
                });
                output.WriteLine(JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                output.WriteLine($"{(dry ? "Dry run (nothing saved)" : "Reminder run")} for {day:yyyy-MM-dd}: {result.Created.Count} reminder(s) {(dry ? "would be" : "")} created{(dry ? "" : $", {result.Resolved} resolved, {result.Digests.Count} digest(s) queued")}".Replace("  ", " "));
                if (result.Created.Count > 0)
                {
                    output.WriteLine($"{"study_id",-16} {"visit",-6} kind");
                    foreach (var c in result.Created) output.WriteLine($"{c.StudyId,-16} {c.Visit.Code(),-6} {c.Kind.Code()}");
                }
                foreach (var d in result.Digests) output.WriteLine($"digest to {d.Recipient}: {d.Reminders} reminder(s)");
            }
            return 0;
        });
        return new Command("reminders", "Follow-up reminders.") { run };
    }
}
