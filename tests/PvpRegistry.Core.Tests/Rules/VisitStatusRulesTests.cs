using PvpRegistry.Core;

namespace PvpRegistry.Core.Tests.Rules;

/// <summary>Visit status rules of the clinical rules: completed, closed by status, marked missed, and date correction.</summary>
public class VisitStatusRulesTests
{
    private static readonly DateOnly Procedure = new(2024, 1, 15);

    // 3-month window: procedure + 77 .. + 105 = 2024-04-01 .. 2024-04-29 (target + 91 = 2024-04-15).
    private static readonly VisitWindow Month3 = new(new(2024, 4, 15), new(2024, 4, 1), new(2024, 4, 29));

    [Fact]
    public void Three_month_window_of_the_example_matches_the_schedule()
    {
        Assert.Equal(Month3, FollowUpSchedule.Default.WindowFor(VisitCode.Month3, Procedure));
    }

    [Theory]
    [InlineData("2024-03-20")] // before the window opens
    [InlineData("2024-04-15")] // inside
    [InlineData("2024-06-01")] // long after it closed
    public void Completed_wins_whatever_the_day(string today)
    {
        var day = DateOnly.Parse(today);
        Assert.Equal(VisitStatus.Completed, VisitStatusRules.StatusOn(Month3, true, null, null, day).Status);
        // An assessment counts even when the visit had been marked missed or the patient has since died.
        Assert.Equal(VisitStatus.Completed, VisitStatusRules.StatusOn(Month3, true, MissedReason.Unreachable, null, day).Status);
        Assert.Equal(VisitStatus.Completed,
            VisitStatusRules.StatusOn(Month3, true, null, new FollowUpClosure(new(2024, 3, 1), MissedReason.Died), day).Status);
    }

    [Fact]
    public void Assessment_outside_the_window_is_completed_and_flagged_out_of_window()
    {
        var late = new DateOnly(2024, 5, 10);
        Assert.Equal(VisitStatus.Completed, VisitStatusRules.StatusOn(Month3, true, null, null, late).Status);
        Assert.True(VisitStatusRules.IsOutOfWindow(Month3, late));
        Assert.True(VisitStatusRules.IsOutOfWindow(Month3, Month3.Start.AddDays(-1)));
        Assert.True(VisitStatusRules.IsOutOfWindow(Month3, Month3.End.AddDays(1)));
        Assert.False(VisitStatusRules.IsOutOfWindow(Month3, Month3.Start));
        Assert.False(VisitStatusRules.IsOutOfWindow(Month3, Month3.End));
        Assert.False(VisitStatusRules.IsOutOfWindow(Month3, Month3.Target));
    }

    [Fact]
    public void Visit_with_an_out_of_window_assessment_is_completed_through_the_entity()
    {
        var visit = FollowUpSchedule.Default.CreateVisits(Procedure).Single(v => v.Code == VisitCode.Month3);
        visit.Assessments.Add(new Assessment { Id = 1, Vas = 3.5m, Kps = 70, AssessmentDate = new(2024, 5, 20) });
        Assert.Equal(VisitStatus.Completed, visit.StatusOn(new(2024, 6, 1), null));
    }

    [Fact]
    public void Voided_assessment_does_not_complete_the_visit()
    {
        var visit = FollowUpSchedule.Default.CreateVisits(Procedure).Single(v => v.Code == VisitCode.Month3);
        visit.Assessments.Add(new Assessment
        {
            Id = 1, Vas = 3.5m, AssessmentDate = new(2024, 4, 15), Voided = new Voiding(DateTime.UtcNow, "nurse", "wrong patient"),
        });
        Assert.Null(visit.CurrentAssessment);
        Assert.Equal(VisitStatus.Overdue, visit.StatusOn(new(2024, 4, 30), null));
    }

    [Theory]
    [InlineData(MissedReason.Unreachable)]
    [InlineData(MissedReason.Refused)]
    [InlineData(MissedReason.TooIll)]
    [InlineData(MissedReason.Other)]
    public void Visit_marked_missed_is_missed_with_its_reason_and_never_overdue(MissedReason reason)
    {
        foreach (var day in new DateOnly[] { new(2024, 4, 10), new(2024, 4, 30), new(2024, 9, 1) })
        {
            var result = VisitStatusRules.StatusOn(Month3, false, reason, null, day);
            Assert.Equal(VisitStatus.Missed, result.Status);
            Assert.Equal(reason, result.Reason);
        }
    }

    public static TheoryData<VitalStatus, MissedReason> Closures => new()
    {
        { VitalStatus.Dead, MissedReason.Died },
        { VitalStatus.Withdrawn, MissedReason.Withdrew },
        { VitalStatus.LostToFollowUp, MissedReason.Lost },
    };

    [Theory]
    [MemberData(nameof(Closures))]
    public void After_death_withdrawal_or_loss_later_visits_are_not_expected_and_earlier_open_ones_missed(VitalStatus status, MissedReason reason)
    {
        // Closed on day 100: preop, day1, 1m and 3m (windows opening on day -14, 1, 23, 77) opened on or before it;
        // 6m, 12m and 36m (opening on day 152, 335, 1035) open after it.
        var closedOn = Procedure.AddDays(100);
        var patient = new Patient { StudyId = "PVP-0001", VitalStatus = status, ExitDate = closedOn };
        var closure = patient.Closure;
        Assert.Equal(new FollowUpClosure(closedOn, reason), closure);

        var visits = FollowUpSchedule.Default.CreateVisits(Procedure);
        visits.Single(v => v.Code == VisitCode.Day1).Assessments.Add(new Assessment { Id = 1, Vas = 2m, AssessmentDate = Procedure.AddDays(1) });
        visits.Single(v => v.Code == VisitCode.Month1).MissedReason = MissedReason.Refused;

        var today = Procedure.AddDays(400);
        var expected = new Dictionary<VisitCode, VisitStatusResult>
        {
            [VisitCode.Preop] = new(VisitStatus.Missed, reason),
            [VisitCode.Day1] = new(VisitStatus.Completed),
            [VisitCode.Month1] = new(VisitStatus.Missed, MissedReason.Refused), // the nurse's reason stands
            [VisitCode.Month3] = new(VisitStatus.Missed, reason), // window open on the closure day (77..105)
            [VisitCode.Month6] = new(VisitStatus.NotExpected, reason),
            [VisitCode.Month12] = new(VisitStatus.NotExpected, reason),
            [VisitCode.Month36] = new(VisitStatus.NotExpected, reason),
        };
        foreach (var v in visits)
        {
            var result = VisitStatusRules.StatusOn(v.Window, v.CurrentAssessment is not null, v.MissedReason, closure, today);
            Assert.Equal(expected[v.Code], result);
            Assert.Equal(expected[v.Code].Status, v.StatusOn(today, closure));
        }
    }

    [Fact]
    public void Visit_whose_window_opens_on_the_closure_day_is_missed_and_the_next_day_not_expected()
    {
        var onOpening = new FollowUpClosure(Month3.Start, MissedReason.Died);
        Assert.Equal(new VisitStatusResult(VisitStatus.Missed, MissedReason.Died),
            VisitStatusRules.StatusOn(Month3, false, null, onOpening, Month3.Start));

        var dayBefore = new FollowUpClosure(Month3.Start.AddDays(-1), MissedReason.Died);
        Assert.Equal(new VisitStatusResult(VisitStatus.NotExpected, MissedReason.Died),
            VisitStatusRules.StatusOn(Month3, false, null, dayBefore, Month3.Start));
    }

    [Fact]
    public void Nothing_of_a_closed_patient_is_due_or_overdue()
    {
        var closure = new FollowUpClosure(Procedure.AddDays(40), MissedReason.Lost);
        var visits = FollowUpSchedule.Default.CreateVisits(Procedure);
        for (int offset = 40; offset <= 1200; offset += 7)
        {
            foreach (var v in visits)
            {
                var status = v.StatusOn(Procedure.AddDays(offset), closure);
                Assert.NotEqual(VisitStatus.Due, status);
                Assert.NotEqual(VisitStatus.Overdue, status);
                Assert.NotEqual(VisitStatus.Upcoming, status);
            }
        }
    }

    [Fact]
    public void Closure_dated_after_today_does_not_apply_yet()
    {
        // Withdrawal recorded for 2024-05-15; looking from 2024-04-30 the 3m visit (closed 2024-04-29) is plainly overdue,
        // on 2024-04-10 it is due, and on 2024-03-20 upcoming.
        var closure = new FollowUpClosure(new(2024, 5, 15), MissedReason.Withdrew);
        Assert.Equal(VisitStatus.Overdue, VisitStatusRules.StatusOn(Month3, false, null, closure, new(2024, 4, 30)).Status);
        Assert.Equal(VisitStatus.Due, VisitStatusRules.StatusOn(Month3, false, null, closure, new(2024, 4, 10)).Status);
        Assert.Equal(VisitStatus.Upcoming, VisitStatusRules.StatusOn(Month3, false, null, closure, new(2024, 3, 20)).Status);
        // From the closure day on, it applies.
        Assert.Equal(new VisitStatusResult(VisitStatus.Missed, MissedReason.Withdrew),
            VisitStatusRules.StatusOn(Month3, false, null, closure, new(2024, 5, 15)));
    }

    [Fact]
    public void Alive_patient_has_no_closure()
    {
        Assert.Null(new Patient { VitalStatus = VitalStatus.Alive, LastKnownAliveDate = new(2024, 5, 1) }.Closure);
    }

    [Fact]
    public void Correcting_the_procedure_date_moves_every_window_and_done_visits_are_judged_again()
    {
        var visits = FollowUpSchedule.Default.CreateVisits(Procedure);
        var preop = visits.Single(v => v.Code == VisitCode.Preop);
        preop.Assessments.Add(new Assessment { Id = 1, Vas = 8m, AssessmentDate = Procedure.AddDays(-1) });
        var day1 = visits.Single(v => v.Code == VisitCode.Day1);
        day1.MissedReason = MissedReason.TooIll;

        var corrected = Procedure.AddDays(-10);
        FollowUpSchedule.Default.MoveVisits(visits, corrected);

        foreach (var v in visits)
            Assert.Equal(StudyScheduleTable.WindowFor(v.Code, corrected), v.Window);
        // The preop score (a day before the old date) keeps its date and is now after its window: flagged out of window.
        Assert.Equal(Procedure.AddDays(-1), preop.CurrentAssessment!.AssessmentDate);
        Assert.True(VisitStatusRules.IsOutOfWindow(preop.Window, preop.CurrentAssessment.AssessmentDate));
        Assert.Equal(MissedReason.TooIll, day1.MissedReason);
    }
}
