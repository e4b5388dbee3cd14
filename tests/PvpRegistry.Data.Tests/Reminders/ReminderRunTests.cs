using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data.Reminders;
using PvpRegistry.Data.Tests.Infrastructure;
using static PvpRegistry.Data.Tests.Reminders.ReminderCohort;

namespace PvpRegistry.Data.Tests.Reminders;

/// <summary>The reminder rules of one run, the read-time resolution and `pvp reminders run`.</summary>
public class ReminderRunTests
{
    [Fact]
    public async Task A_run_raises_only_the_kinds_current_on_the_day_and_never_twice()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await using (var db = registry.NewContext()) await SeedAsync(db);
        var run = registry.Get<ReminderRun>();

        var dry = await run.RunAsync(Day, dryRun: true);
        Assert.Equal(Expected, dry.Created.Select(c => (c.StudyId, c.Visit.Code(), c.Kind.Code())).ToHashSet());
        Assert.Empty(await StoredAsync(registry));

        var first = await run.RunAsync(Day);
        Assert.Equal(Expected.Count, first.Created.Count);
        Assert.Equal(Expected, await StoredAsync(registry));
        await using (var db = registry.NewContext())
            Assert.All(await db.Reminders.ToListAsync(), r => Assert.Equal(Day, r.ForDate));

        var again = await run.RunAsync(Day);
        Assert.Empty(again.Created);
        Assert.Equal(Expected.Count, (await StoredAsync(registry)).Count);
        Assert.Equal(Day, await run.LastRunAsync());
    }

    [Fact]
    public async Task The_database_refuses_a_second_reminder_of_the_same_kind_for_a_visit_and_the_run_recognises_it()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await using (var db = registry.NewContext()) await SeedAsync(db);
        await registry.Get<ReminderRun>().RunAsync(Day);
        await using var again = registry.NewContext();
        var existing = await again.Reminders.AsNoTracking().FirstAsync();
        again.Reminders.Add(new Reminder { VisitId = existing.VisitId, Kind = existing.Kind, ForDate = Day.AddDays(1), CreatedAtUtc = DateTime.UtcNow });
        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => again.SaveChangesAsync());
        Assert.True(DatabaseErrors.IsUniqueViolation(ex));
    }

    [Fact]
    public async Task Completing_a_visit_resolves_its_reminders_at_once_and_the_next_run_records_it()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await using (var db = registry.NewContext()) await SeedAsync(db);
        var run = registry.Get<ReminderRun>();
        var inbox = registry.Get<ReminderInbox>();
        await run.RunAsync(Day);

        var open = await inbox.OpenAsync();
        Assert.Equal(["A/day1/closing_soon", "B/1m/overdue", "E/3m/window_opens"],
            open.Select(r => $"{r.StudyId}/{r.Visit.Code()}/{r.Kind.Code()}").Order().ToArray());

        // The nurse records E's 3-month visit: its reminder no longer counts, before any run.
        await using (var db = registry.NewContext())
        {
            var visit = await db.Visits.SingleAsync(v => v.Patient!.StudyId == "E" && v.Code == VisitCode.Month3);
            db.Assessments.Add(new Assessment { VisitId = visit.Id, Vas = 3m, Kps = 80, AssessmentDate = Day, Source = AssessmentSource.Phone, EnteredBy = "nurse.a", EnteredAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        Assert.Equal(2, await inbox.CountAsync());

        // The score entry may resolve explicitly too (B's visit marked missed here, then resolved by the call).
        int bVisit;
        await using (var db = registry.NewContext())
        {
            var visit = await db.Visits.SingleAsync(v => v.Patient!.StudyId == "B" && v.Code == VisitCode.Month1);
            visit.MissedReason = MissedReason.Refused;
            await db.SaveChangesAsync();
            bVisit = visit.Id;
        }
        Assert.Equal(1, await run.ResolveVisitAsync(bVisit));

        var next = await run.RunAsync(Day.AddDays(1));
        Assert.Equal(1, next.Resolved); // E's, recorded by the run
        Assert.Empty(next.Created);     // A's day1 already has both of its current kinds
        await using (var db = registry.NewContext())
        {
            var resolved = await db.Reminders.Where(r => r.ResolvedAtUtc != null).Select(r => r.Visit!.Patient!.StudyId).ToListAsync();
            Assert.Equal(["B", "E"], resolved.Order().ToArray());
        }
        Assert.Equal(["A"], (await inbox.OpenAsync()).Select(r => r.StudyId).ToArray());
    }

}
