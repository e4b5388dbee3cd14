using System.Globalization;
using PvpRegistry.Core;
using PvpRegistry.Data.FollowUp;
using PvpRegistry.Data.Reminders;
using PvpRegistry.Data.Tests.Infrastructure;
using PvpRegistry.Data.Users;

namespace PvpRegistry.Data.Tests.Reminders;

/// <summary>Reminders raised when a schedule is created (here by an import), and what an SMTP test failure tells the admin.</summary>
public class RemindersAtOnceTests
{
    [Fact]
    public async Task An_imported_patient_s_due_and_overdue_visits_have_reminders_without_waiting_for_the_daily_run()
    {
        await using var registry = await TestRegistry.CreateAsync();
        // Operated 24 days before today (2026-11-25): day 1 is overdue, the 1-month window is open.
        var csv = new StudyCsvText().Row("IMPORT-REMIND-1", ("procedure_date", "2026-11-01"), ("status_date", "2026-11-20"),
            ("vas_day1", ""), ("vas_1m", ""), ("vas_3m", ""), ("vas_6m", ""), ("vas_12m", ""),
            ("kps_day1", ""), ("kps_1m", ""), ("kps_3m", ""), ("kps_6m", ""), ("kps_12m", ""));
        var imported = await registry.ImportAsync(csv.ToString());
        Assert.True(imported.Succeeded, string.Join("\n", imported.Problems));

        var today = DateOnly.FromDateTime(TestRegistry.DefaultNow.UtcDateTime);
        var worklist = await registry.Get<Worklist>().DueAndOverdueAsync(today);
        var open = await registry.Get<ReminderInbox>().OpenAsync();
        Assert.Equal(worklist.Select(i => (i.Visit, i.Status == VisitStatus.Overdue ? ReminderKind.Overdue : ReminderKind.WindowOpens)).Order(),
            open.Where(r => r.StudyId == "IMPORT-REMIND-1").Select(r => (r.Visit, r.Kind)).Order());
        Assert.Contains(open, r => r.Visit == VisitCode.Day1 && r.Kind == ReminderKind.Overdue);
        Assert.Contains(open, r => r.Visit == VisitCode.Month1 && r.Kind == ReminderKind.WindowOpens);
    }

    /// <param name="asLargeImport">With 600 more IDs (of no patient), as a large import passes: the patients are then picked in memory.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Raising_for_some_patients_creates_exactly_their_reminders_of_the_daily_rules_and_none_of_other_patients(bool asLargeImport)
    {
        await using var registry = await TestRegistry.CreateAsync();
        var today = registry.Get<RegistryClock>().Today;
        // Patients operated 1 to 80 days ago, saved without raising anything: every one has reminders pending.
        var patients = PvpRegistry.Data.Demo.DemoCohort.RecentPatients(today, registry.Schedule);
        await using (var db = registry.NewContext())
        {
            db.Actor = "test";
            db.Patients.AddRange(patients);
            await db.SaveChangesAsync();
        }
        var run = registry.Get<ReminderRun>();
        var all = (await run.RunAsync(today, dryRun: true)).Created;
        int[] chosen = [patients[1].Id, patients[5].Id, patients[9].Id, .. asLargeImport ? Enumerable.Range(1_000_000, 600) : []];
        var chosenIds = patients.Where(p => chosen.Contains(p.Id)).Select(p => p.StudyId).ToHashSet();
        var expected = all.Where(c => chosenIds.Contains(c.StudyId)).Select(c => (c.VisitId, c.Kind)).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.True(all.Count > expected.Count);

        Assert.Equal(expected.Count, await run.RaiseNowAsync(chosen));
        await using (var db = registry.NewContext())
            Assert.Equal(expected, db.Reminders.Select(r => new { r.VisitId, r.Kind }).AsEnumerable().Select(r => (r.VisitId, r.Kind)).Order().ToList());
        // Raised once: a second raise finds nothing new, and the daily run raises the other patients' reminders only.
        Assert.Equal(0, await run.RaiseNowAsync(chosen));
        var daily = (await run.RunAsync(today)).Created;
        Assert.Equal(all.Count - expected.Count, daily.Count);
        Assert.DoesNotContain(daily, c => chosenIds.Contains(c.StudyId));
    }

    public static TheoryData<string, int, string> BadServers => new()
    {
        { "no-such-host.invalid", 25, "check the SMTP host (Reminders:Smtp:Host)" },
        { "127.0.0.1", ClosedPort(), "check the SMTP host and port (Reminders:Smtp:Host, Reminders:Smtp:Port)" },
    };

    [Theory]
    [MemberData(nameof(BadServers))]
    public async Task A_test_e_mail_to_a_server_that_cannot_be_reached_names_the_setting_to_check(string host, int port, string expected)
    {
        await using var registry = await TestRegistry.CreateAsync(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestRegistry.DefaultNow), new Dictionary<string, string?>
        {
            ["Reminders:Smtp:Host"] = host, ["Reminders:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture), ["Reminders:Smtp:TlsMode"] = "None",
            ["Reminders:Smtp:From"] = "registry@registry.example", ["Reminders:Smtp:TimeoutSeconds"] = "5",
        });
        var error = await registry.Get<OutboxSender>().SendTestAsync("admin@registry.example");
        Assert.NotNull(error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("Name or service not known", error);
        Assert.DoesNotContain("Connection refused", error);
    }

    /// <summary>A loopback port nobody listens on (taken and released).</summary>
    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Theory]
    [InlineData("nurse@registry.example", true)]
    [InlineData("  nurse.a+digest@sub.registry.example ", true)]
    [InlineData("not-an-email", false)]
    [InlineData("nurse@", false)]
    [InlineData("Nurse A <nurse@registry.example>", false)]
    [InlineData("two@registry.example, three@registry.example", false)]
    public void One_rule_decides_whether_a_user_s_e_mail_address_is_usable(string address, bool usable) =>
        Assert.Equal(usable, EmailAddressRule.Problem(address) is null);
}
