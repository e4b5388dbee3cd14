using PvpRegistry.Core;

namespace PvpRegistry.Core.Tests.Rules;

/// <summary>Schedule windows of the clinical rules: inclusive windows, judged on calendar dates.</summary>
public class VisitWindowBoundaryTests
{
    // A leap year, so the longer windows cross 29 February.
    private static readonly DateOnly Procedure = new(2024, 1, 15);

    private static VisitStatus StatusOn(VisitWindow window, DateOnly day) =>
        VisitStatusRules.StatusOn(window, hasAssessment: false, markedMissed: null, closure: null, today: day).Status;

    [Fact]
    public void Default_schedule_has_the_seven_study_visits_with_the_published_offsets()
    {
        var visits = FollowUpSchedule.Default.Visits;
        Assert.Equal(StudyScheduleTable.Rows.Select(r => (r.Code, r.Target, r.Start, r.End)),
            visits.Select(v => (v.Code, v.TargetDay, v.WindowStartDay, v.WindowEndDay)));
        Assert.Equal(StudyScheduleTable.Rows.Select(r => r.CsvCode), visits.Select(v => v.Code.Code()));
    }

    [Theory]
    [MemberData(nameof(StudyScheduleTable.AllVisits), MemberType = typeof(StudyScheduleTable))]
    public void Window_dates_are_the_published_offsets_from_the_procedure_day(VisitCode visit)
    {
        var expected = StudyScheduleTable.WindowFor(visit, Procedure);
        Assert.Equal(expected, FollowUpSchedule.Default.WindowFor(visit, Procedure));
        var created = FollowUpSchedule.Default.CreateVisits(Procedure).Single(v => v.Code == visit);
        Assert.Equal(expected, created.Window);
    }

    [Theory]
    [MemberData(nameof(StudyScheduleTable.AllVisits), MemberType = typeof(StudyScheduleTable))]
    public void First_and_last_day_of_the_window_are_due(VisitCode visit)
    {
        var window = FollowUpSchedule.Default.WindowFor(visit, Procedure);
        var row = StudyScheduleTable.Row(visit);
        Assert.Equal(Procedure.AddDays(row.Start), window.Start);
        Assert.Equal(Procedure.AddDays(row.End), window.End);

        Assert.Equal(VisitStatus.Due, StatusOn(window, Procedure.AddDays(row.Start)));
        Assert.Equal(VisitStatus.Due, StatusOn(window, Procedure.AddDays(row.End)));
    }

    [Theory]
    [MemberData(nameof(StudyScheduleTable.AllVisits), MemberType = typeof(StudyScheduleTable))]
    public void Day_before_the_window_is_upcoming_and_day_after_is_overdue(VisitCode visit)
    {
        var window = FollowUpSchedule.Default.WindowFor(visit, Procedure);
        var row = StudyScheduleTable.Row(visit);

        Assert.Equal(VisitStatus.Upcoming, StatusOn(window, Procedure.AddDays(row.Start - 1)));
        Assert.Equal(VisitStatus.Overdue, StatusOn(window, Procedure.AddDays(row.End + 1)));
    }

    [Theory]
    [MemberData(nameof(StudyScheduleTable.AllVisits), MemberType = typeof(StudyScheduleTable))]
    public void Every_day_has_exactly_one_status_and_it_moves_upcoming_due_overdue(VisitCode visit)
    {
        var window = FollowUpSchedule.Default.WindowFor(visit, Procedure);
        var row = StudyScheduleTable.Row(visit);
        for (int offset = row.Start - 3; offset <= row.End + 3; offset++)
        {
            var day = Procedure.AddDays(offset);
            var expected = offset < row.Start ? VisitStatus.Upcoming : offset <= row.End ? VisitStatus.Due : VisitStatus.Overdue;
            Assert.Equal(expected, StatusOn(window, day));
            Assert.Equal(offset >= row.Start && offset <= row.End, window.Contains(day));
        }
    }

    [Theory]
    [MemberData(nameof(StudyScheduleTable.AllVisits), MemberType = typeof(StudyScheduleTable))]
    public void Days_left_is_zero_on_the_last_day_and_negative_once_overdue(VisitCode visit)
    {
        var window = FollowUpSchedule.Default.WindowFor(visit, Procedure);
        var row = StudyScheduleTable.Row(visit);
        Assert.Equal(row.End - row.Start, VisitStatusRules.DaysLeft(window, Procedure.AddDays(row.Start)));
        Assert.Equal(0, VisitStatusRules.DaysLeft(window, Procedure.AddDays(row.End)));
        Assert.Equal(-1, VisitStatusRules.DaysLeft(window, Procedure.AddDays(row.End + 1)));
    }

    [Fact]
    public void A_schedule_whose_target_lies_outside_its_window_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new FollowUpSchedule([new VisitDefinition(VisitCode.Month1, "1 month", 40, 23, 37)]));
        Assert.Throws<ArgumentException>(() => new FollowUpSchedule([new VisitDefinition(VisitCode.Month1, "1 month", 30, 37, 23)]));
    }
}
