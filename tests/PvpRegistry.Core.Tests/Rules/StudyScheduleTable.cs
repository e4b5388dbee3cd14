using PvpRegistry.Core;

namespace PvpRegistry.Core.Tests.Rules;

/// <summary>
/// The follow-up schedule exactly as the clinical rules print it (offsets in days from the
/// procedure, windows inclusive). Tests derive their expected dates from this table, not from
/// the schedule under test.
/// </summary>
public static class StudyScheduleTable
{
    public static readonly IReadOnlyList<(VisitCode Code, string CsvCode, int Target, int Start, int End)> Rows =
    [
        (VisitCode.Preop, "preop", -1, -14, 0),
        (VisitCode.Day1, "day1", 1, 1, 3),
        (VisitCode.Month1, "1m", 30, 23, 37),
        (VisitCode.Month3, "3m", 91, 77, 105),
        (VisitCode.Month6, "6m", 182, 152, 212),
        (VisitCode.Month12, "12m", 365, 335, 395),
        (VisitCode.Month36, "36m", 1095, 1035, 1155),
    ];

    public static (VisitCode Code, string CsvCode, int Target, int Start, int End) Row(VisitCode code) =>
        Rows.Single(r => r.Code == code);

    public static VisitWindow WindowFor(VisitCode code, DateOnly procedure)
    {
        var r = Row(code);
        return new VisitWindow(procedure.AddDays(r.Target), procedure.AddDays(r.Start), procedure.AddDays(r.End));
    }

    public static TheoryData<VisitCode> AllVisits()
    {
        var data = new TheoryData<VisitCode>();
        foreach (var r in Rows) data.Add(r.Code);
        return data;
    }
}
