using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using PvpRegistry.Core;
using PvpRegistry.Data.Reminders;
using PvpRegistry.Data.Tests.Infrastructure;
using static PvpRegistry.Data.Tests.Reminders.ReminderCohort;

namespace PvpRegistry.Data.Tests.Reminders;

/// <summary>The daily digest over a real SMTP conversation on loopback.</summary>
public class ReminderEmailTests
{
    private const string Coordinator = "coordinator@registry.example";
    private const string NurseEmail = "nurse.a@registry.example";

    private static Dictionary<string, string?> Smtp(SmtpSink sink, bool identifiers = false) => new()
    {
        ["Reminders:Smtp:Host"] = "127.0.0.1",
        ["Reminders:Smtp:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
        ["Reminders:Smtp:TlsMode"] = "None",
        ["Reminders:Smtp:From"] = "PvpRegistry <registry@registry.example>",
        ["Reminders:Smtp:TimeoutSeconds"] = "10",
        ["Reminders:Coordinator"] = Coordinator,
        ["Reminders:IncludeIdentifiers"] = identifiers ? "true" : "false",
    };

    /// <summary>Nurse A opted in with an address (patients A, B); nurse E has an address but did not opt in (patient E goes to the coordinator).</summary>
    private static async Task SeedAsync(TestRegistry registry)
    {
        await using var db = registry.NewContext();
        db.Users.Add(new RegistryUser { Id = "nurse-a", UserName = "nurse.a", NormalizedUserName = "NURSE.A", Email = NurseEmail, ReceivesReminderDigest = true, SecurityStamp = "s1" });
        db.Users.Add(new RegistryUser { Id = "nurse-e", UserName = "nurse.e", NormalizedUserName = "NURSE.E", Email = "nurse.e@registry.example", ReceivesReminderDigest = false, SecurityStamp = "s2" });
        await db.SaveChangesAsync();
        await ReminderCohort.SeedAsync(db, nurseA: "nurse-a", nurseE: "nurse-e");
    }

    private static string Text(MimeMessage m) => m.TextBody ?? "";

    [Fact]
    public async Task The_daily_digest_reaches_each_recipient_with_their_visits_in_text_and_html_without_identifiers()
    {
        await using var sink = new SmtpSink();
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 6, 15, 7, 0, 0, TimeSpan.Zero));
        await using var registry = await TestRegistry.CreateAsync(clock, Smtp(sink));
        await SeedAsync(registry);

        var result = await registry.Get<ReminderRun>().RunAsync(Day);
        Assert.Equal(2, result.Digests.Count);
        Assert.Equal(2, await registry.Get<OutboxSender>().SendDueAsync());

        var received = sink.Received.ToList();
        Assert.Equal(2, received.Count);
        var nurse = Assert.Single(received, r => r.To.SequenceEqual([NurseEmail])).Message;
        var coordinator = Assert.Single(received, r => r.To.SequenceEqual([Coordinator])).Message;

        Assert.Equal("PvpRegistry follow-up reminders for 2024-06-15 (3)", nurse.Subject);
        Assert.Contains("A  Day 1  window 2024-06-15..2024-06-17", Text(nurse));
        Assert.Contains("B  1 month  window 2024-05-24..2024-06-07", Text(nurse));
        Assert.Contains("Overdue (1):", Text(nurse));
        Assert.Contains("Window closing soon (1):", Text(nurse));
        Assert.DoesNotContain("E  3 months", Text(nurse));
        Assert.Contains("<td>A</td><td>Day 1</td>", nurse.HtmlBody);
        Assert.DoesNotContain("Secretname", Text(nurse) + nurse.HtmlBody);
        Assert.DoesNotContain("MRN-777001", Text(nurse) + nurse.HtmlBody);

        Assert.Contains("E  3 months  window 2024-06-01..2024-06-29", Text(coordinator));
        Assert.DoesNotContain("B  1 month", Text(coordinator));
        Assert.Contains("<td>E</td><td>3 months</td>", coordinator.HtmlBody);

        await using var db = registry.NewContext();
        var rows = await db.Outbox.OrderBy(m => m.Recipient).ToListAsync();
        Assert.All(rows, m => Assert.Equal(OutboxState.Sent, m.State));
        Assert.Equal(["digest:2024-06-15:coordinator@registry.example", "digest:2024-06-15:nurse.a@registry.example"], rows.Select(m => m.DedupKey).ToArray());
    }

    [Fact]
    public async Task Each_digest_is_written_in_its_recipients_language_a_chinese_nurse_reads_chinese_and_the_coordinator_english()
    {
        await using var sink = new SmtpSink();
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 6, 15, 7, 0, 0, TimeSpan.Zero));
        await using var registry = await TestRegistry.CreateAsync(clock, Smtp(sink));
        await SeedAsync(registry);
        await using (var db = registry.NewContext())
        {
            var nurseA = await db.Users.SingleAsync(u => u.Id == "nurse-a");
            nurseA.Language = "zh-CN";
            await db.SaveChangesAsync();
        }

        await registry.Get<ReminderRun>().RunAsync(Day);
        Assert.Equal(2, await registry.Get<OutboxSender>().SendDueAsync());

        var nurse = Assert.Single(sink.Received, r => r.To.SequenceEqual([NurseEmail])).Message;
        Assert.Equal("PvpRegistry 随访提醒 2024-06-15（3）", nurse.Subject);
        Assert.Contains("2024-06-15 生成的随访提醒。", Text(nurse));
        Assert.Contains("已逾期（1）：", Text(nurse));
        Assert.Contains("A  术后第 1 天  随访时间窗 2024-06-15..2024-06-17", Text(nurse));
        Assert.Contains("B  术后 1 个月  随访时间窗 2024-05-24..2024-06-07", Text(nurse));
        Assert.Contains("<th>研究编号</th><th>随访节点</th><th>随访时间窗</th>", nurse.HtmlBody);
        Assert.Contains("请在 PvpRegistry 中打开随访工作列表记录随访。", nurse.HtmlBody);
        Assert.DoesNotContain("Overdue", Text(nurse) + nurse.HtmlBody);

        // The coordinator has no account: English, whatever the nurse chose.
        var coordinator = Assert.Single(sink.Received, r => r.To.SequenceEqual([Coordinator])).Message;
        Assert.Equal("PvpRegistry follow-up reminders for 2024-06-15 (1)", coordinator.Subject);
        Assert.Contains("E  3 months  window 2024-06-01..2024-06-29", Text(coordinator));
        Assert.DoesNotContain("随访", Text(coordinator) + coordinator.HtmlBody);
    }

    [Fact]
    public async Task Names_and_mrns_appear_only_when_configured()
    {
        await using var sink = new SmtpSink();
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 6, 15, 7, 0, 0, TimeSpan.Zero));
        await using var registry = await TestRegistry.CreateAsync(clock, Smtp(sink, identifiers: true));
        await SeedAsync(registry);
        await registry.Get<ReminderRun>().RunAsync(Day);
        await registry.Get<OutboxSender>().SendDueAsync();
        var nurse = Assert.Single(sink.Received, r => r.To.SequenceEqual([NurseEmail])).Message;
        Assert.Contains("A  Day 1  window 2024-06-15..2024-06-17  Alice Secretname  MRN MRN-777001", Text(nurse));
        Assert.Contains("<td>Alice Secretname</td><td>MRN-777001</td>", nurse.HtmlBody);
    }

    [Fact]
    public async Task An_smtp_outage_is_retried_with_back_off_and_each_digest_arrives_exactly_once()
    {
        await using var sink = new SmtpSink { Down = true };
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 6, 15, 7, 0, 0, TimeSpan.Zero));
        await using var registry = await TestRegistry.CreateAsync(clock, Smtp(sink));
        await SeedAsync(registry);
        var run = registry.Get<ReminderRun>();
        var sender = registry.Get<OutboxSender>();
        await run.RunAsync(Day);

        // First attempt: the server refuses; the first message is marked failed, retried a minute later.
        Assert.Equal(0, await sender.SendDueAsync());
        int refusedAfterFirst = sink.Refused;
        Assert.True(refusedAfterFirst >= 1);
        await using (var db = registry.NewContext())
        {
            var failed = await db.Outbox.Where(m => m.State == OutboxState.Failed).ToListAsync();
            var first = Assert.Single(failed);
            Assert.Equal(1, first.Attempts);
            Assert.Equal(clock.GetUtcNow().UtcDateTime.AddMinutes(1), first.NextAttemptAtUtc);
            Assert.Contains("not available", first.LastError);
        }
        // Not due yet: nothing is tried.
        Assert.Equal(0, await sender.SendDueAsync());

        // A minute later the server is still down: the back-off doubles.
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(0, await sender.SendDueAsync());
        await using (var db = registry.NewContext())
        {
            var first = await db.Outbox.Where(m => m.Attempts == 2).SingleAsync();
            Assert.Equal(OutboxState.Failed, first.State);
            Assert.Equal(clock.GetUtcNow().UtcDateTime.AddMinutes(2), first.NextAttemptAtUtc);
        }

        // The server is back; after the back-off both digests go, once.
        sink.Down = false;
        clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        Assert.Equal(2, await sender.SendDueAsync());
        Assert.Equal(0, await sender.SendDueAsync());
        // Running the same day again (a restart) queues nothing new.
        Assert.Empty((await run.RunAsync(Day)).Digests);
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await sender.SendDueAsync());

        var received = sink.Received.ToList();
        Assert.Equal(2, received.Count);
        Assert.Equal(2, received.Select(r => r.Message.MessageId).Distinct().Count());
        Assert.Equal([Coordinator, NurseEmail], received.SelectMany(r => r.To).Order().ToArray());
        await using (var db = registry.NewContext())
        {
            var rows = await db.Outbox.ToListAsync();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, m => { Assert.Equal(OutboxState.Sent, m.State); Assert.NotNull(m.SentAtUtc); });
        }
    }

    [Fact]
    public async Task The_outbox_worker_sends_queued_digests_when_woken_after_the_server_comes_back()
    {
        await using var sink = new SmtpSink { Down = true };
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 6, 15, 7, 0, 0, TimeSpan.Zero));
        await using var registry = await TestRegistry.CreateAsync(clock, Smtp(sink));
        await SeedAsync(registry);
        await registry.Get<ReminderRun>().RunAsync(Day);
        var worker = registry.Get<OutboxWorker>();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await worker.SendNowAsync().WaitAsync(Patience);
            Assert.True(sink.Refused >= 1);
            // The worker's own first round may have run beside this one: one or both digests are marked failed, none sent.
            Assert.InRange(FailedCount(registry), 1, 2);
            Assert.Empty(sink.Received);

            sink.Down = false;
            clock.Advance(TimeSpan.FromSeconds(61)); // past the one-minute back-off
            await worker.SendNowAsync().WaitAsync(Patience);
            Assert.Equal(2, sink.Received.Count);

            // Sent digests stay sent: a later round, however much later, sends nothing again.
            clock.Advance(TimeSpan.FromMinutes(10));
            await worker.SendNowAsync().WaitAsync(Patience);
            Assert.Equal(2, sink.Received.Count);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static int FailedCount(TestRegistry registry)
    {
        using var db = registry.NewContext();
        return db.Outbox.Count(m => m.State == OutboxState.Failed);
    }
}
