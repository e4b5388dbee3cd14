using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data.FollowUp;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.FollowUp;

/// <summary>The nurse's worklist: exactly the visits due and overdue on a date, by the visit status rules.</summary>
public class WorklistTests
{
    private static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static readonly DateOnly AsOf = D("2024-06-15");

    /// <summary>
    /// Windows by the clinical rules (procedure + offset): preop -14..0, day1 1..3, 1m 23..37, 3m 77..105, 6m 152..212.
    /// </summary>
    private static async Task SeedCohortAsync(TestRegistry registry)
    {
        await using var db = registry.NewContext();

        // A: operated yesterday; preop done; day1 window 06-15..06-17 opens today.
        db.Patients.Add(PatientFactory.Operated("A", D("2024-06-14"), VisitCode.Preop));
        // B: operated 05-01; 1m window 05-24..06-07 has closed without an assessment.
        db.Patients.Add(PatientFactory.Operated("B", D("2024-05-01"), VisitCode.Preop, VisitCode.Day1));
        // C: operated 03-01, died 04-01, nothing assessed: everything is missed or not expected.
        var c = PatientFactory.Operated("C", D("2024-03-01"));
        c.VitalStatus = VitalStatus.Dead;
        c.ExitDate = D("2024-04-01");
        db.Patients.Add(c);
        // D: like B, but the nurse marked the 1m visit missed.
        var d = PatientFactory.Operated("D", D("2024-05-01"), VisitCode.Preop, VisitCode.Day1);
        d.Visits.Single(v => v.Code == VisitCode.Month1).MissedReason = MissedReason.Unreachable;
        db.Patients.Add(d);
        // E: operated 03-16, preop..1m done; 3m window 06-01..06-29 is open.
        db.Patients.Add(PatientFactory.Operated("E", D("2024-03-16"), VisitCode.Preop, VisitCode.Day1, VisitCode.Month1));
        // G: operated 06-10, withdrawal recorded for 07-01 (after the worklist date, so not applied yet):
        // preop 05-27..06-10 and day1 06-11..06-13 are overdue.
        var g = PatientFactory.Operated("G", D("2024-06-10"));
        g.VitalStatus = VitalStatus.Withdrawn;
        g.ExitDate = D("2024-07-01");
        db.Patients.Add(g);
        // H: operated 06-12, preop done; today is the last day of the day1 window 06-13..06-15: due, not overdue.
        db.Patients.Add(PatientFactory.Operated("H", D("2024-06-12"), VisitCode.Preop));
        // I: like H but its preop assessment was voided: preop 05-29..06-12 overdue, day1 due.
        var i = PatientFactory.Operated("I", D("2024-06-12"), VisitCode.Preop);
        i.Visits.Single(v => v.Code == VisitCode.Preop).Assessments.Single().Voided = new Voiding(DateTime.UtcNow, "nurse.a", "wrong patient");
        db.Patients.Add(i);
        // V: voided patient with nothing done: never on the worklist.
        var v = PatientFactory.Operated("V", D("2024-06-12"));
        v.Voided = new Voiding(DateTime.UtcNow, "admin", "duplicate record");
        db.Patients.Add(v);

        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Worklist_lists_exactly_the_due_and_overdue_visits_on_the_day()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await SeedCohortAsync(registry);

        var items = await registry.Get<Worklist>().DueAndOverdueAsync(AsOf);

        var expected = new HashSet<(string, VisitCode, VisitStatus)>
        {
            ("A", VisitCode.Day1, VisitStatus.Due),
            ("B", VisitCode.Month1, VisitStatus.Overdue),
            ("E", VisitCode.Month3, VisitStatus.Due),
            ("G", VisitCode.Preop, VisitStatus.Overdue),
            ("G", VisitCode.Day1, VisitStatus.Overdue),
            ("H", VisitCode.Day1, VisitStatus.Due),
            ("I", VisitCode.Preop, VisitStatus.Overdue),
            ("I", VisitCode.Day1, VisitStatus.Due),
        };
        Assert.Equal(expected.Count, items.Count);
        Assert.Equal(expected, items.Select(x => (x.StudyId, x.Visit, x.Status)).ToHashSet());

        var b = items.Single(x => x.StudyId == "B");
        Assert.Equal((D("2024-05-24"), D("2024-06-07")), (b.WindowStart, b.WindowEnd));
        Assert.Equal(-8, b.DaysLeft);
        var h = items.Single(x => x.StudyId == "H");
        Assert.Equal((D("2024-06-13"), D("2024-06-15"), 0), (h.WindowStart, h.WindowEnd, h.DaysLeft));
        var e = items.Single(x => x.StudyId == "E");
        Assert.Equal((D("2024-06-01"), D("2024-06-29")), (e.WindowStart, e.WindowEnd));
    }

    [Fact]
    public async Task Worklist_puts_overdue_visits_first()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await SeedCohortAsync(registry);
        var items = await registry.Get<Worklist>().DueAndOverdueAsync(AsOf);
        int lastOverdue = items.FindLastIndex(x => x.Status == VisitStatus.Overdue);
        int firstDue = items.FindIndex(x => x.Status == VisitStatus.Due);
        Assert.True(lastOverdue < firstDue);
    }

    [Fact]
    public async Task Closure_applies_from_the_death_or_withdrawal_date_on()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await SeedCohortAsync(registry);
        var worklist = registry.Get<Worklist>();

        // C died on 2024-04-01: on the procedure day its preop window (02-16..03-01) is still due, from the death on nothing is listed.
        Assert.Contains(await worklist.DueAndOverdueAsync(D("2024-03-01")), x => (x.StudyId, x.Visit, x.Status) == ("C", VisitCode.Preop, VisitStatus.Due));
        Assert.Contains(await worklist.DueAndOverdueAsync(D("2024-03-31")), x => x.StudyId == "C");
        foreach (var day in new[] { "2024-04-01", "2024-05-01", "2025-01-01" })
            Assert.DoesNotContain(await worklist.DueAndOverdueAsync(D(day)), x => x.StudyId == "C");

        // G withdrew on 2024-07-01: listed the day before, not on the day.
        Assert.Contains(await worklist.DueAndOverdueAsync(D("2024-06-30")), x => x.StudyId == "G");
        Assert.DoesNotContain(await worklist.DueAndOverdueAsync(D("2024-07-01")), x => x.StudyId == "G");
        Assert.DoesNotContain(await worklist.DueAndOverdueAsync(D("2024-07-01")), x => x.StudyId == "V");
    }
}
