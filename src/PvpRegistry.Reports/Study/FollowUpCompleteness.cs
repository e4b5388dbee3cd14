using PvpRegistry.Core;
using PvpRegistry.Reports.Figures;

namespace PvpRegistry.Reports.Study;

/// <summary>
/// Follow-up completeness per visit from study rows, by the visit status rules on a given day: a visit
/// with a score is completed; a death closes follow-up (visits whose window opens after it are not
/// expected, earlier ones missed); otherwise open before its window ends and overdue after.
/// </summary>
public static class FollowUpCompleteness
{
    public static IReadOnlyList<CompletenessBar> Bars(IReadOnlyList<StudyRecord> cohort, DateOnly asOf, FollowUpSchedule? schedule = null, Localization.ReportText? text = null)
    {
        var t = text ?? Localization.ReportText.English;
        var s = schedule ?? FollowUpSchedule.Default;
        return s.Visits.Select(v =>
        {
            int completed = 0, missed = 0, overdue = 0, open = 0, notExpected = 0;
            foreach (var r in cohort)
            {
                var window = s.WindowFor(v.Code, r.ProcedureDate);
                bool has = r.Vas[(int)v.Code] is not null || r.Kps[(int)v.Code] is not null;
                FollowUpClosure? closure = r.Dead ? new FollowUpClosure(r.StatusDate, MissedReason.Died) : null;
                switch (VisitStatusRules.StatusOn(window, has, null, closure, asOf).Status)
                {
                    case VisitStatus.Completed: completed++; break;
                    case VisitStatus.Missed: missed++; break;
                    case VisitStatus.Overdue: overdue++; break;
                    case VisitStatus.NotExpected: notExpected++; break;
                    default: open++; break;
                }
            }
            return new CompletenessBar(t.Visit(v.Code), completed, missed, overdue, open, notExpected);
        }).ToArray();
    }
}
