namespace PvpRegistry.Data.Tests.Infrastructure;

/// <summary>
/// A study CSV with one problem on each of several rows (the header is row 1), and the problems
/// the import rules say must be reported for it.
/// </summary>
public static class BrokenStudyCsv
{
    public static string Text()
    {
        var csv = new StudyCsvText();
        csv.Row("X-001");                                                   // row 2: valid
        csv.Row("X-002", ("group", "pvp_x"));                               // row 3: unknown group code
        csv.Row("X-003", ("vas_1m", "11"));                                 // row 4: VAS above 10
        csv.Row("X-004", ("kps_3m", "55"));                                 // row 5: KPS off the step of 10
        csv.Row("X-005", ("procedure_date", "2021-02-30"), ("status_date", "2021-06-01")); // row 6: no 30 February
        csv.Row("X-001");                                                   // row 7: duplicate of row 2
        csv.Row("X-006", [("vital_status", "dead"), ("status_date", "2016-02-01"), .. NoScores()]); // row 8: death before the 2016-03-01 procedure
        // Row 9: died 2016-05-01; the 3m score has no date, so it is dated on the 3m target, procedure + 91 = 2016-05-31.
        csv.Row("X-007", ("vital_status", "dead"), ("status_date", "2016-05-01"), ("kps_3m", ""),
            ("vas_6m", ""), ("kps_6m", ""), ("vas_12m", ""), ("kps_12m", ""));
        csv.RawLine(csv.LineWithExtraCell("X-008"));                        // row 10: one cell too many
        csv.Row("X-009");                                                   // row 11: valid
        return csv.ToString();
    }

    private static IEnumerable<(string, string)> NoScores() =>
        StudyCsvText.VisitCodes.SelectMany(v => new[] { ($"vas_{v}", ""), ($"kps_{v}", "") });

    /// <summary>The (row, column) of each problem in a named column.</summary>
    public static readonly (int Row, string Column)[] ColumnProblems =
    [
        (3, "group"), (4, "vas_1m"), (5, "kps_3m"), (6, "procedure_date"), (7, "study_id"), (8, "status_date"), (9, "vas_3m"),
    ];

    /// <summary>The row with a wrong number of cells: 30 cells against a header of 29.</summary>
    public const int WrongCellCountRow = 10;

    public const int HeaderColumns = 29;
}
