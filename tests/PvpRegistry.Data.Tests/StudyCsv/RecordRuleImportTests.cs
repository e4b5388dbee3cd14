using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.StudyCsv;

/// <summary>
/// pvp import applies the record-level rules to every row, all or nothing, each problem as "row N, column C: message".
/// The study CSV carries no contacts, consent, levels or eligibility answers (enrolment is the procedure date), so the
/// rules on those facts cannot be broken by an import.
/// </summary>
public class RecordRuleImportTests
{
    private static readonly string[] NoLaterScores = ["vas_3m", "kps_3m", "vas_6m", "kps_6m", "vas_12m", "kps_12m"];

    private static (string, string)[] Without(params string[] columns) => columns.Select(c => (c, "")).ToArray();

    public static TheoryData<string, string, string, string> BrokenRows() => new()
    {
        // rule, the cells changed (column=value;...), the column reported, the message
        { "assessment_before_procedure", "vas_day1_date=2016-02-01", "vas_day1", "The Day 1 assessment on 2016-02-01 is before the procedure on 2016-03-01." },
        { "assessment_before_procedure (preop outside its window)", "vas_preop_date=2016-02-01", "vas_preop", "The Before surgery assessment on 2016-02-01 is before its window opens on 2016-02-16 (procedure on 2016-03-01)." },
        { "assessment_after_death", "vital_status=dead;status_date=2016-04-20;vas_1m_date=2016-04-25", "vas_1m", "The 1 month assessment on 2016-04-25 is after the death on 2016-04-20." },
        { "death_before_procedure", "vital_status=dead;status_date=2016-02-20;vas_preop=;kps_preop=;vas_day1=;kps_day1=;vas_1m=;kps_1m=", "status_date", "The death on 2016-02-20 is before the procedure on 2016-03-01." },
        { "last_known_alive_in_future", "status_date=2027-01-01", "status_date", "The last known alive date 2027-01-01 is after today, 2026-11-25." },
        { "last_known_alive_before_assessment", "status_date=2016-04-01", "status_date", "The last known alive date 2016-04-01 is before the 1 month assessment on 2016-04-10." },
        { "prostate_in_female", "sex=female", "primary_tumor", "The primary tumour is prostate but the patient is female." },
    };

    [Theory]
    [MemberData(nameof(BrokenRows))]
    public async Task A_row_breaking_a_record_rule_is_refused_and_nothing_is_imported(string rule, string cells, string column, string message)
    {
        await using var registry = await TestRegistry.CreateAsync();
        var changes = cells.Split(';').Select(c => (c.Split('=')[0], c.Split('=')[1]))
            .Concat(rule == "last_known_alive_before_assessment" ? new[] { ("vas_1m_date", "2016-04-10") } : [])
            .Concat(Without(NoLaterScores)).ToArray();
        var csv = new StudyCsvText(extraColumns: StudyCsvText.VisitCodes.Select(v => $"vas_{v}_date"))
            .Row("OK-001", Without(NoLaterScores))
            .Row("X-001", changes);

        var result = await registry.ImportAsync(csv.ToString());

        var problem = Assert.Single(result.Problems);
        Assert.Equal($"row 3, column {column}: {message}", problem.ToString());
        Assert.Equal(0, (await registry.CountRowsAsync()).Patients);
    }
}
