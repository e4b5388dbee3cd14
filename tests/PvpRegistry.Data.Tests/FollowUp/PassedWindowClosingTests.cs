using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data.FollowUp;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.FollowUp;

/// <summary>Visits that can no longer be met leave the worklist: closed as missed, "window passed", after the grace period.</summary>
public class PassedWindowClosingTests
{
    // The registry's clock stands at 2026-11-25; the default grace period is 30 days.
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestRegistry.DefaultNow.UtcDateTime);

    [Fact]
    public async Task A_visit_overdue_past_the_grace_period_is_closed_as_missed_audited_and_leaves_the_worklist()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await using (var db = registry.NewContext())
        {
            // Operated four years ago, nothing recorded: every visit's window has long passed.
            db.Patients.Add(PatientFactory.Operated("OLD", Today.AddYears(-4)));
            // Operated 60 days ago, preop and day 1 done: the 1-month window closed on day 37, 23 days ago (inside the grace
            // period): still overdue.
            db.Patients.Add(PatientFactory.Operated("RECENT", Today.AddDays(-60), VisitCode.Preop, VisitCode.Day1));
            // Died three years ago: the visits after the death are closed by status, never by the window rule.
            var dead = PatientFactory.Operated("DEAD", Today.AddYears(-4), VisitCode.Preop, VisitCode.Day1, VisitCode.Month1, VisitCode.Month3, VisitCode.Month6);
            dead.VitalStatus = VitalStatus.Dead;
            dead.ExitDate = Today.AddYears(-3);
            db.Patients.Add(dead);
            await db.SaveChangesAsync();
        }

        int closed = await registry.Get<PassedWindowClosing>().CloseAsync();

        await using (var db = registry.NewContext())
        {
            var old = await db.Visits.Where(v => v.Patient!.StudyId == "OLD").ToListAsync();
            Assert.Equal(7, closed);
            Assert.All(old, v => Assert.Equal(MissedReason.WindowPassed, v.MissedReason));
            Assert.All(old, v => Assert.Equal(PassedWindows.ClosedBy, v.MissedBy));
            Assert.Empty(await db.Visits.Where(v => v.Patient!.StudyId != "OLD" && v.MissedReason != null).ToListAsync());
            var audit = await db.AuditTrail.Where(a => a.Entity == nameof(FollowUpVisit) && a.Field == nameof(FollowUpVisit.MissedReason)).ToListAsync();
            Assert.Equal(7, audit.Count);
            Assert.All(audit, a => Assert.Equal((PassedWindows.ClosedBy, "WindowPassed"), (a.User, a.NewValue)));
            // The registry's reason, coded with its value: stored with its English, worded in Chinese for a Chinese reader.
            Assert.All(audit, a => Assert.Equal(("audit_window_passed", "window passed: no score 30 days after the window closed"), (a.ReasonCode, a.Reason)));
            Assert.Equal("时间窗已过：时间窗结束 30 天后仍无评分", audit[0].CodedReason()!.In(System.Globalization.CultureInfo.GetCultureInfo("zh-CN"), RegistryMessage.EnglishArgument));
        }
        var worklist = await registry.Get<Worklist>().DueAndOverdueAsync(Today);
        Assert.DoesNotContain(worklist, i => i.StudyId == "OLD");
        Assert.Contains(worklist, i => i.StudyId == "RECENT" && i.Visit == VisitCode.Month1 && i.Status == VisitStatus.Overdue);

        // A second run finds nothing more to close.
        Assert.Equal(0, await registry.Get<PassedWindowClosing>().CloseAsync());
    }

    [Fact]
    public async Task A_visit_the_nurse_reopened_is_not_closed_again()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await using (var db = registry.NewContext())
        {
            db.Patients.Add(PatientFactory.Operated("OLD", Today.AddYears(-4)));
            await db.SaveChangesAsync();
        }
        await registry.Get<PassedWindowClosing>().CloseAsync();
        await using (var db = registry.NewContext())
        {
            db.Actor = "nurse.ann";
            db.ChangeReason = "the patient came to the clinic: scores to enter";
            var day1 = await db.Visits.SingleAsync(v => v.Code == VisitCode.Day1);
            (day1.MissedReason, day1.MissedNote, day1.MissedBy, day1.MissedAtUtc) = (null, null, null, null);
            await db.SaveChangesAsync();
        }

        Assert.Equal(0, await registry.Get<PassedWindowClosing>().CloseAsync());

        var worklist = await registry.Get<Worklist>().DueAndOverdueAsync(Today);
        Assert.Equal([VisitCode.Day1], worklist.Select(i => i.Visit));
    }

    [Fact]
    public async Task Imported_history_arrives_with_its_long_passed_unrecorded_visits_missed_not_overdue()
    {
        await using var registry = await TestRegistry.CreateAsync();
        // Operated 2016-03-01, scores up to 12 months, the 36-month visit never recorded; a second patient operated 50 days ago
        // with preop and day 1 scores (1 month closed 13 days ago: still overdue, within the grace period).
        string Day(int daysAgo) => Today.AddDays(-daysAgo).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var csv = new StudyCsvText().Row("HIST-1")
            .Row("HIST-2", ("procedure_date", Day(50)), ("status_date", Day(10)), ("vas_1m", ""), ("vas_3m", ""),
                ("vas_6m", ""), ("vas_12m", ""), ("kps_1m", ""), ("kps_3m", ""), ("kps_6m", ""), ("kps_12m", ""));

        var result = await registry.ImportAsync(csv.ToString());

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        await using var db = registry.NewContext();
        var missed = await db.Visits.Where(v => v.MissedReason != null).Select(v => new { v.Patient!.StudyId, v.Code, v.MissedReason }).ToListAsync();
        Assert.Equal([("HIST-1", VisitCode.Month36, (MissedReason?)MissedReason.WindowPassed)], missed.Select(m => (m.StudyId, m.Code, m.MissedReason)));
        var worklist = await registry.Get<Worklist>().DueAndOverdueAsync(Today);
        Assert.DoesNotContain(worklist, i => i.StudyId == "HIST-1");
        Assert.Equal([VisitCode.Month1], worklist.Where(i => i.StudyId == "HIST-2").Select(i => i.Visit));
    }
}
