using System.Globalization;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PvpRegistry.Core;
using PvpRegistry.Data.Reminders;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.Reminders;

/// <summary>The scheduler on a fake clock, day by day, over a 40-patient cohort: restarts, downtime, two instances.</summary>
public class ReminderSchedulerTests
{
    private static readonly DateOnly Start = new(2026, 1, 1);
    private const int Days = 60;

    /// <summary>One visit as the test knows it: its window, and the day a nurse completes it (if she does).</summary>
    private sealed record VisitPlan(string StudyId, VisitCode Code, VisitWindow Window, MissedReason? Missed, FollowUpClosure? Closure, DateOnly? CompletedOn);

    /// <summary>
    /// 40 patients operated every 4 days from 100 days before the start, so that every kind of window opens, closes and
    /// goes overdue during the 60 days; some die or withdraw, one visit is marked missed, and a quarter of the patients
    /// have each visit done on the second day of its window.
    /// </summary>
    private static async Task<List<VisitPlan>> SeedAsync(TestRegistry registry)
    {
        var plans = new List<VisitPlan>();
        await using var db = registry.NewContext();
        for (int i = 0; i < 40; i++)
        {
            var procedure = Start.AddDays(-100 + i * 4);
            var p = PatientFactory.Operated($"PVP-{i + 1:0000}", procedure, VisitCode.Preop);
            if (i % 10 == 3) { p.VitalStatus = VitalStatus.Dead; p.ExitDate = Start.AddDays(20); }
            if (i % 10 == 7) { p.VitalStatus = VitalStatus.Withdrawn; p.ExitDate = Start.AddDays(35); }
            if (i % 10 == 5) p.Visits.Single(v => v.Code == VisitCode.Month1).MissedReason = MissedReason.Unreachable;
            foreach (var v in p.Visits)
            {
                bool done = v.Code == VisitCode.Preop;
                DateOnly? completedOn = done ? DateOnly.MinValue /* assessed when enrolled */ : i % 4 == 0 && v.MissedReason is null ? v.WindowStart.AddDays(1) : null;
                // Visits completed by the first day are in the database before the start-up run.
                if (!done && completedOn is { } c && c <= Start) AddAssessment(v, c);
                plans.Add(new VisitPlan(p.StudyId, v.Code, v.Window, v.MissedReason, p.Closure, completedOn));
            }
            db.Patients.Add(p);
        }
        await db.SaveChangesAsync();
        return plans;
    }

    private static void AddAssessment(FollowUpVisit v, DateOnly on) => v.Assessments.Add(new Assessment
    {
        Vas = 3m, Kps = 80, AssessmentDate = on, Source = AssessmentSource.Phone, EnteredBy = "nurse.a",
        EnteredAtUtc = on.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc),
    });

    /// <summary>The nurse's work of one day: the visits planned to be completed on it.</summary>
    private static async Task CompleteVisitsOfAsync(TestRegistry registry, List<VisitPlan> plans, DateOnly day)
    {
        var today = plans.Where(p => p.CompletedOn == day && p.Code != VisitCode.Preop).ToList();
        if (today.Count == 0) return;
        await using var db = registry.NewContext();
        foreach (var plan in today)
        {
            var visit = await db.Visits.SingleAsync(v => v.Patient!.StudyId == plan.StudyId && v.Code == plan.Code);
            visit.Assessments.Add(new Assessment { Vas = 3m, Kps = 80, AssessmentDate = day, Source = AssessmentSource.Phone, EnteredBy = "nurse.a", EnteredAtUtc = day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc) });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>The oracle: the kinds current on each day the scheduler ran, by the visit status rules (independent of the Worklist query).</summary>
    private static HashSet<(string, VisitCode, ReminderKind)> Expected(List<VisitPlan> plans, IEnumerable<DateOnly> runDays)
    {
        var expected = new HashSet<(string, VisitCode, ReminderKind)>();
        foreach (var day in runDays)
            foreach (var p in plans)
            {
                var status = VisitStatusRules.StatusOn(p.Window, p.CompletedOn is { } c && c <= day, p.Missed, p.Closure, day).Status;
                if (status == VisitStatus.Overdue) expected.Add((p.StudyId, p.Code, ReminderKind.Overdue));
                if (status == VisitStatus.Due)
                {
                    expected.Add((p.StudyId, p.Code, ReminderKind.WindowOpens));
                    if (VisitStatusRules.DaysLeft(p.Window, day) <= 3) expected.Add((p.StudyId, p.Code, ReminderKind.ClosingSoon));
                }
            }
        return expected;
    }

    private static async Task<List<(string, VisitCode, ReminderKind)>> StoredAsync(TestRegistry registry)
    {
        await using var db = registry.NewContext();
        var rows = await db.Reminders.Select(r => new { r.Visit!.Patient!.StudyId, r.Visit.Code, r.Kind }).ToListAsync();
        return rows.Select(r => (r.StudyId, r.Code, r.Kind)).ToList();
    }

    /// <summary>A running scheduler instance, with its own services, and the runs it reports.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        public ReminderScheduler Scheduler { get; }
        public Channel<object> Events { get; } = Channel.CreateUnbounded<object>();
        public int Created;

        public Instance(ServiceProvider services)
        {
            _services = services;
            Scheduler = services.GetRequiredService<ReminderScheduler>();
            Scheduler.Ran += r => { Interlocked.Add(ref Created, r.Created.Count); Events.Writer.TryWrite(r); };
            Scheduler.Waiting += next => Events.Writer.TryWrite(next);
        }

        public Task StartAsync() => Scheduler.StartAsync(CancellationToken.None);

        /// <summary>Waits for the run of a day and for the scheduler to be waiting on the clock again.</summary>
        public async Task RanAsync(DateOnly day)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            bool ran = false;
            while (true)
            {
                var e = await Events.Reader.ReadAsync(timeout.Token);
                if (e is ReminderRunResult r) { Assert.Equal(day, r.Day); ran = true; }
                else if (ran) return;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Scheduler.StopAsync(CancellationToken.None);
            await _services.DisposeAsync();
        }
    }

    private static FakeTimeProvider ClockAt(DateOnly day) => new(new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 30)), TimeSpan.Zero));

    private static readonly Dictionary<string, string?> RunAtSeven = new() { ["Reminders:RunAt"] = "07:00" };

    [Fact]
    public async Task Day_by_day_the_scheduler_raises_exactly_the_expected_reminders_across_a_restart_and_downtime()
    {
        var clock = ClockAt(Start);
        await using var registry = await TestRegistry.CreateAsync(clock, RunAtSeven);
        var plans = await SeedAsync(registry);
        var ranOn = new List<DateOnly>();
        int created = 0;

        var instance = new Instance(registry.NewInstance(clock));
        await instance.StartAsync();
        await instance.RanAsync(Start); // the start-up run
        ranOn.Add(Start);
        var today = Start;
        for (int d = 1; d < Days; d++)
        {
            today = Start.AddDays(d);
            if (d == 20)
            {
                // A restart in the middle of the day, after that day's run: the start-up run finds everything in place.
                created += instance.Created;
                await instance.DisposeAsync();
                instance = new Instance(registry.NewInstance(clock));
                await instance.StartAsync();
                await instance.RanAsync(today.AddDays(-1));
                Assert.Equal(0, instance.Created);
            }
            if (d == 40)
            {
                // Down for days 40-42: nothing runs; the start-up run on day 43 catches up with what is current then.
                created += instance.Created;
                await instance.DisposeAsync();
                for (; d < 43; d++)
                {
                    await CompleteVisitsOfAsync(registry, plans, Start.AddDays(d));
                    clock.Advance(TimeSpan.FromDays(1));
                }
                today = Start.AddDays(d);
                await CompleteVisitsOfAsync(registry, plans, today);
                clock.Advance(TimeSpan.FromDays(1));
                instance = new Instance(registry.NewInstance(clock));
                await instance.StartAsync();
                await instance.RanAsync(today);
                ranOn.Add(today);
                continue;
            }
            await CompleteVisitsOfAsync(registry, plans, today);
            clock.Advance(TimeSpan.FromDays(1));
            await instance.RanAsync(today);
            ranOn.Add(today);
        }
        created += instance.Created;
        await instance.DisposeAsync();

        var stored = await StoredAsync(registry);
        var expected = Expected(plans, ranOn);
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Equal(expected.OrderBy(x => x).ToList(), stored.OrderBy(x => x).ToList());
        Assert.Equal(stored.Count, created); // each reminder reported created by exactly one run
        Assert.Equal(Days - 3, ranOn.Count);
        // The downtime changed the outcome: some visit's window opened and closed unseen, so only its overdue reminder exists.
        Assert.NotEqual(Expected(plans, Enumerable.Range(0, Days).Select(i => Start.AddDays(i))).Count, expected.Count);
        foreach (var kind in Enum.GetValues<ReminderKind>()) Assert.Contains(stored, s => s.Item3 == kind);
    }

    [Fact]
    public async Task Two_scheduler_instances_on_one_database_create_each_reminder_and_digest_once()
    {
        await using var sink = new SmtpSink();
        var clock = ClockAt(Start);
        var settings = new Dictionary<string, string?>(RunAtSeven)
        {
            ["Reminders:Smtp:Host"] = "127.0.0.1", ["Reminders:Smtp:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Reminders:Smtp:TlsMode"] = "None", ["Reminders:Smtp:From"] = "registry@registry.example", ["Reminders:Coordinator"] = "coordinator@registry.example",
        };
        await using var registry = await TestRegistry.CreateAsync(clock, settings);
        var plans = await SeedAsync(registry);
        var ranOn = new List<DateOnly>();

        await using var first = new Instance(registry.NewInstance(clock));
        await using var second = new Instance(registry.NewInstance(clock));
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        await Task.WhenAll(first.RanAsync(Start), second.RanAsync(Start));
        ranOn.Add(Start);
        for (int d = 1; d < 15; d++)
        {
            var day = Start.AddDays(d);
            await CompleteVisitsOfAsync(registry, plans, day);
            clock.Advance(TimeSpan.FromDays(1));
            await Task.WhenAll(first.RanAsync(day), second.RanAsync(day));
            ranOn.Add(day);
        }

        var stored = await StoredAsync(registry);
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Equal(Expected(plans, ranOn).OrderBy(x => x).ToList(), stored.OrderBy(x => x).ToList());
        Assert.Equal(stored.Count, first.Created + second.Created);
        await using var db = registry.NewContext();
        var digests = await db.Outbox.Select(m => m.DedupKey).ToListAsync();
        var daysWithReminders = await db.Reminders.Select(r => r.ForDate).Distinct().CountAsync();
        Assert.True(daysWithReminders >= 10);
        Assert.Equal(daysWithReminders, digests.Count); // one coordinator digest a day, queued once though both instances ran
        Assert.Equal(digests.Count, digests.Distinct().Count());
    }
}
