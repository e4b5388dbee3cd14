namespace PvpRegistry.Core;

public enum VisitCode { Preop, Day1, Month1, Month3, Month6, Month12, Month36 }

/// <summary>One timepoint of the schedule: offsets in days from the procedure (day 0), the window inclusive.</summary>
public record VisitDefinition(VisitCode Code, string Label, int TargetDay, int WindowStartDay, int WindowEndDay);

/// <summary>The inclusive window of one visit as calendar dates.</summary>
public readonly record struct VisitWindow(DateOnly Target, DateOnly Start, DateOnly End)
{
    public bool Contains(DateOnly date) => date >= Start && date <= End;
}

/// <summary>Configuration section "FollowUp": the schedule's offsets (defaults are the study's).</summary>
public class FollowUpOptions
{
    public const string Section = "FollowUp";

    public List<VisitDefinition> Visits { get; set; } = [.. FollowUpSchedule.StudyDefaults];

    /// <summary>IANA time zone in which "today" is reckoned for visit status; empty = the server's local zone.</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>
    /// Days after a visit's window has closed during which it stays overdue on the worklist (a late score is still
    /// accepted, flagged out of window); after them the visit is closed as missed with the reason "window passed"
    /// (see <see cref="PassedWindows"/>). 0 closes it the day after the window.
    /// </summary>
    public int CloseAsMissedAfterDays { get; set; } = 30;
}

/// <summary>The follow-up schedule: which visits exist and where their windows fall for a procedure date.</summary>
public class FollowUpSchedule
{
    public static IReadOnlyList<VisitDefinition> StudyDefaults { get; } =
    [
        new(VisitCode.Preop, "Before surgery", -1, -14, 0),
        new(VisitCode.Day1, "Day 1", 1, 1, 3),
        new(VisitCode.Month1, "1 month", 30, 23, 37),
        new(VisitCode.Month3, "3 months", 91, 77, 105),
        new(VisitCode.Month6, "6 months", 182, 152, 212),
        new(VisitCode.Month12, "12 months", 365, 335, 395),
        new(VisitCode.Month36, "36 months", 1095, 1035, 1155),
    ];

    public static FollowUpSchedule Default { get; } = new(StudyDefaults);

    private readonly Dictionary<VisitCode, VisitDefinition> _byCode;

    public FollowUpSchedule(IEnumerable<VisitDefinition> visits)
    {
        Visits = visits.OrderBy(v => v.TargetDay).ToList();
        _byCode = Visits.ToDictionary(v => v.Code);
        foreach (var v in Visits)
        {
            if (v.WindowStartDay > v.WindowEndDay || v.TargetDay < v.WindowStartDay || v.TargetDay > v.WindowEndDay)
                throw new ArgumentException($"Visit {v.Code.Code()}: the target day {v.TargetDay} must lie in the window {v.WindowStartDay}..{v.WindowEndDay}.");
        }
    }

    public FollowUpSchedule(FollowUpOptions options) : this(options.Visits.Count > 0 ? options.Visits : StudyDefaults) { }

    public IReadOnlyList<VisitDefinition> Visits { get; }

    public VisitDefinition this[VisitCode code] => _byCode[code];

    public VisitWindow WindowFor(VisitCode code, DateOnly procedureDate)
    {
        var v = _byCode[code];
        return new VisitWindow(procedureDate.AddDays(v.TargetDay), procedureDate.AddDays(v.WindowStartDay), procedureDate.AddDays(v.WindowEndDay));
    }

    /// <summary>The visits to create for a procedure on the given date.</summary>
    public IEnumerable<(VisitDefinition Definition, VisitWindow Window)> For(DateOnly procedureDate) =>
        Visits.Select(v => (v, WindowFor(v.Code, procedureDate)));

    /// <summary>The seven visits for a procedure on the given date.</summary>
    public List<FollowUpVisit> CreateVisits(DateOnly procedureDate) =>
        For(procedureDate).Select(x => new FollowUpVisit
        {
            Code = x.Definition.Code, TargetDate = x.Window.Target, WindowStart = x.Window.Start, WindowEnd = x.Window.End,
        }).ToList();

    /// <summary>
    /// After the procedure date is corrected: moves every visit to its window for the new date. Done visits keep their
    /// assessment or missed mark; whether an assessment is out of window is judged from the stored window.
    /// </summary>
    public void MoveVisits(IEnumerable<FollowUpVisit> visits, DateOnly newProcedureDate)
    {
        foreach (var visit in visits) visit.MoveTo(WindowFor(visit.Code, newProcedureDate));
    }
}
