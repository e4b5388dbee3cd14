using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Cli.Tests.Infrastructure;
using PvpRegistry.Data.Tests.Infrastructure;
using static PvpRegistry.Data.Tests.Reminders.ReminderCohort;

namespace PvpRegistry.Cli.Tests.Registry;

/// <summary>`pvp reminders run` against a test registry.</summary>
public class ReminderCommandTests
{
    [Fact]
    public async Task Pvp_reminders_run_prints_what_it_creates_as_json_and_creates_it_once()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await using (var db = registry.NewContext()) await SeedAsync(db);

        var dry = await PvpInProcess.RunAsync(registry, "reminders", "run", "--as-of", "2024-06-15", "--dry-run", "--format", "json");
        Assert.True(dry.Code == 0, dry.StdErr);
        Assert.Equal(Expected, Parse(dry.StdOut));
        Assert.Empty(await StoredAsync(registry));

        var real = await PvpInProcess.RunAsync(registry, "reminders", "run", "--as-of", "2024-06-15", "--format", "json");
        Assert.True(real.Code == 0, real.StdErr);
        Assert.Equal(Expected, Parse(real.StdOut));
        Assert.Equal(Expected, await StoredAsync(registry));

        // Again on the same day, as a table: nothing new.
        var again = await PvpInProcess.RunAsync(registry, "reminders", "run", "--as-of", "2024-06-15");
        Assert.True(again.Code == 0, again.StdErr);
        Assert.Contains("Reminder run for 2024-06-15: 0 reminder(s) created", again.StdOut);
        Assert.Equal(Expected, await StoredAsync(registry));
    }

    private static HashSet<(string, string, string)> Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var list = doc.RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("study_id").GetString()!, e.GetProperty("visit").GetString()!, e.GetProperty("kind").GetString()!)).ToList();
        Assert.Equal(list.Count, list.Distinct().Count());
        return list.ToHashSet();
    }
}
