namespace PvpRegistry.Core;

public enum VisitStatus { Upcoming, Due, Overdue, Completed, Missed, NotExpected }

/// <summary>Why a visit was not done: chosen by a nurse, or set by the patient's vital status.</summary>
/// <summary>
/// Why a visit was not done: a nurse's reason (unreachable, refused, too ill, other), the patient's closure (died,
/// withdrew, lost), or <see cref="WindowPassed"/>: the registry closed it once its window could no longer be met.
/// </summary>
public enum MissedReason { Unreachable, Refused, TooIll, Other, Died, Withdrew, Lost, WindowPassed }

/// <summary>One scheduled timepoint of one patient. Its status is derived (see <see cref="VisitStatusRules"/>), never stored.</summary>
public class FollowUpVisit : IVersioned
{
    public int Id { get; set; }
    public int PatientId { get; set; }
    public Patient? Patient { get; set; }
    public VisitCode Code { get; set; }
    public DateOnly TargetDate { get; set; }
    public DateOnly WindowStart { get; set; }
    public DateOnly WindowEnd { get; set; }

    /// <summary>Set when a nurse marks the visit missed.</summary>
    public MissedReason? MissedReason { get; set; }
    public string? MissedNote { get; set; }
    public DateTime? MissedAtUtc { get; set; }
    public string? MissedBy { get; set; }

    public uint Version { get; set; }

    public List<Assessment> Assessments { get; set; } = [];
    public List<ContactAttempt> ContactAttempts { get; set; } = [];

    public VisitWindow Window => new(TargetDate, WindowStart, WindowEnd);

    /// <summary>The assessment that counts for the visit (the latest not voided), if any.</summary>
    public Assessment? CurrentAssessment =>
        Assessments.Where(a => a.Voided is null).OrderByDescending(a => a.AssessmentDate).ThenByDescending(a => a.Id).FirstOrDefault();

    public VisitStatus StatusOn(DateOnly today, FollowUpClosure? closure) =>
        VisitStatusRules.StatusOn(Window, CurrentAssessment is not null, MissedReason, closure, today).Status;

    public void MoveTo(VisitWindow window)
    {
        TargetDate = window.Target;
        WindowStart = window.Start;
        WindowEnd = window.End;
    }
}

/// <summary>A death, withdrawal or loss to follow-up on a date: nothing is due after it.</summary>
public readonly record struct FollowUpClosure(DateOnly Date, MissedReason Reason);

public readonly record struct VisitStatusResult(VisitStatus Status, MissedReason? Reason = null);

/// <summary>
/// The visit status rules of the clinical rules, on a calendar date (not a time), so a boundary day
/// is never both due and overdue.
/// </summary>
public static class VisitStatusRules
{
    public static VisitStatusResult StatusOn(VisitWindow window, bool hasAssessment, MissedReason? markedMissed, FollowUpClosure? closure, DateOnly today) =>
        StatusOn(window.Start, window.End, hasAssessment, markedMissed, closure, today);

    /// <summary>The status from the window's bounds alone (the target date plays no part).</summary>
    public static VisitStatusResult StatusOn(DateOnly windowStart, DateOnly windowEnd, bool hasAssessment, MissedReason? markedMissed, FollowUpClosure? closure, DateOnly today)
    {
        if (hasAssessment) return new(VisitStatus.Completed);
        if (markedMissed is { } reason) return new(VisitStatus.Missed, reason);

        // Closed by vital status, once the closure date has been reached on the day we look from.
        if (closure is { } c && c.Date <= today)
        {
            return windowStart > c.Date
                ? new(VisitStatus.NotExpected, c.Reason)
                : new(VisitStatus.Missed, c.Reason);
        }

        if (today < windowStart) return new(VisitStatus.Upcoming);
        if (today <= windowEnd) return new(VisitStatus.Due);
        return new(VisitStatus.Overdue);
    }

    /// <summary>Days left in the window (0 on its last day), or negative days overdue.</summary>
    public static int DaysLeft(VisitWindow window, DateOnly today) => window.End.DayNumber - today.DayNumber;

    /// <summary>Whether an assessment on this date falls outside the window (accepted, but flagged).</summary>
    public static bool IsOutOfWindow(VisitWindow window, DateOnly assessmentDate) => !window.Contains(assessmentDate);

    /// <summary>Whether an assessment on this date falls outside the window's bounds.</summary>
    public static bool IsOutOfWindow(DateOnly windowStart, DateOnly windowEnd, DateOnly assessmentDate) =>
        IsOutOfWindow(new VisitWindow(windowStart, windowStart, windowEnd), assessmentDate);
}
