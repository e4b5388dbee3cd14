using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Quality;

namespace PvpRegistry.Cli.Registry;

/// <summary>
/// `pvp quality`: every record-level rule violation and protocol deviation in the registry (DataQuality, as on the
/// quality page); JSON is an array of {study_id, rule, message, record}; with --fail-on-any the exit code is 1 when
/// the list is not empty.
/// </summary>
public static class QualityCommand
{
    public static Command Create()
    {
        var format = CliOptions.Format();
        var failOnAny = new Option<bool>("--fail-on-any") { Description = "exit 1 when any violation or deviation is listed" };
        var command = new Command("quality", "Record-rule violations and protocol deviations in the registry.") { format, failOnAny };
        command.SetAction(async (r, _) =>
        {
            var output = r.InvocationConfiguration.Output;
            await using var sp = RegistryCommands.Services(r);
            await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(60));
            var issues = await sp.GetRequiredService<DataQuality>().ListAsync();
            if (r.GetValue(format) == "json")
            {
                var json = issues.Select(i => new Dictionary<string, string>
                {
                    ["study_id"] = i.StudyId, ["rule"] = i.Rule, ["message"] = i.Message, ["record"] = i.Record,
                });
                output.WriteLine(JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                foreach (var (rule, count) in DataQuality.CountByRule(issues))
                    output.WriteLine($"{rule.Code,-36} {(rule.Outcome == RuleOutcome.Refused ? "violation" : "deviation"),-10} {count,5}");
                if (issues.Count == 0) output.WriteLine("No record breaks a rule and no protocol deviation is recorded.");
                else output.WriteLine();
                foreach (var i in issues)
                    output.WriteLine($"{i.StudyId,-16} {i.Rule,-36} {i.Record,-22} {i.Message}");
            }
            return r.GetValue(failOnAny) && issues.Count > 0 ? 1 : 0;
        });
        return command;
    }
}
