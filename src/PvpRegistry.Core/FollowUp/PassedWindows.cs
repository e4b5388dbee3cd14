namespace PvpRegistry.Core;

/// <summary>
/// The rule that takes visits that can no longer be met off the worklist: a visit still overdue (nothing recorded, not
/// marked missed, the patient not closed by vital status) more than <see cref="FollowUpOptions.CloseAsMissedAfterDays"/>
/// days after its window closed is marked missed with the reason <see cref="MissedReason.WindowPassed"/>. The nightly
/// closing and the import of historical data both apply it; a nurse reopens such a visit from the patient page.
/// </summary>
public static class PassedWindows
{
    public const string ClosedBy = "registry";

    /// <summary>The last window end that is closed on <paramref name="today"/>: windows ending on or before it have passed.</summary>
    public static DateOnly LastClosableWindowEnd(DateOnly today, int graceDays) => today.AddDays(-Math.Max(graceDays, 0) - 1);

    /// <summary>Whether the visit, on <paramref name="today"/>, is overdue beyond the grace period.</summary>
    public static bool HasPassed(FollowUpVisit visit, FollowUpClosure? closure, DateOnly today, int graceDays) =>
        visit.WindowEnd <= LastClosableWindowEnd(today, graceDays) && visit.StatusOn(today, closure) == VisitStatus.Overdue;

    /// <summary>Marks the visit missed ("window passed") when it has passed; returns whether it did.</summary>
    public static bool CloseIfPassed(FollowUpVisit visit, FollowUpClosure? closure, DateOnly today, int graceDays, DateTime nowUtc)
    {
        if (!HasPassed(visit, closure, today, graceDays)) return false;
        visit.MissedReason = MissedReason.WindowPassed;
        visit.MissedNote = $"Closed by the registry {Math.Max(graceDays, 0)} days after the window ended on {visit.WindowEnd:yyyy-MM-dd}.";
        visit.MissedAtUtc = nowUtc;
        visit.MissedBy = ClosedBy;
        return true;
    }

    /// <summary>Closes each of the patient's visits that has passed (an imported or loaded history); returns how many.</summary>
    public static int ClosePassedVisits(Patient patient, DateOnly today, int graceDays, DateTime nowUtc) =>
        patient.Visits.Count(v => CloseIfPassed(v, patient.Closure, today, graceDays, nowUtc));
}
