using System.Text;

namespace PvpRegistry.Data.Tests.Infrastructure;

/// <summary>Writes small study CSV files for tests: a valid row by default, with chosen cells changed.</summary>
public sealed class StudyCsvText
{
    public static readonly string[] VisitCodes = ["preop", "day1", "1m", "3m", "6m", "12m", "36m"];

    /// <summary>The required columns in the order the study CSV documentation lists them.</summary>
    public static readonly string[] RequiredColumns =
    [
        "study_id", "group", "sex", "age", "primary_tumor", "primary_growth", "metastatic_site", "segments",
        "visceral_metastasis", "procedure_date", "cement_ml", "seeds", "seed_activity_mci",
        .. VisitCodes.Select(v => $"vas_{v}"), .. VisitCodes.Select(v => $"kps_{v}"),
        "vital_status", "status_date",
    ];

    private readonly List<string> _columns;
    private readonly List<string> _lines = [];

    public StudyCsvText(IEnumerable<string>? extraColumns = null, IEnumerable<string>? withoutColumns = null)
    {
        _columns = RequiredColumns.Concat(extraColumns ?? []).Except(withoutColumns ?? []).ToList();
    }

    public IReadOnlyList<string> Columns => _columns;

    /// <summary>An alive PVP-alone patient operated on 2016-03-01 with all scores up to 12 months.</summary>
    public static Dictionary<string, string> ValidRow(string studyId) => new()
    {
        ["study_id"] = studyId, ["group"] = "pvp", ["sex"] = "male", ["age"] = "64", ["primary_tumor"] = "prostate",
        ["primary_growth"] = "slow", ["metastatic_site"] = "lumbar", ["segments"] = "2", ["visceral_metastasis"] = "no",
        ["procedure_date"] = "2016-03-01", ["cement_ml"] = "5.5", ["seeds"] = "0", ["seed_activity_mci"] = "",
        ["vas_preop"] = "8.1", ["vas_day1"] = "3.2", ["vas_1m"] = "2.5", ["vas_3m"] = "3", ["vas_6m"] = "3.4", ["vas_12m"] = "4", ["vas_36m"] = "",
        ["kps_preop"] = "60", ["kps_day1"] = "70", ["kps_1m"] = "80", ["kps_3m"] = "80", ["kps_6m"] = "70", ["kps_12m"] = "70", ["kps_36m"] = "",
        ["vital_status"] = "alive", ["status_date"] = "2017-04-01",
    };

    /// <summary>Adds a row: the valid row for the study ID with the given cells replaced.</summary>
    public StudyCsvText Row(string studyId, params (string Column, string Value)[] changes)
    {
        var row = ValidRow(studyId);
        foreach (var (column, value) in changes) row[column] = value;
        _lines.Add(string.Join(",", _columns.Select(c => Cell(row.GetValueOrDefault(c, "")))));
        return this;
    }

    /// <summary>Adds a line as given (for malformed rows).</summary>
    public StudyCsvText RawLine(string line)
    {
        _lines.Add(line);
        return this;
    }

    /// <summary>The valid row for the study ID as a line, with one more cell than the header.</summary>
    public string LineWithExtraCell(string studyId) =>
        string.Join(",", _columns.Select(c => Cell(ValidRow(studyId).GetValueOrDefault(c, "")))) + ",surplus";

    private static string Cell(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(",", _columns)).Append('\n');
        foreach (var line in _lines) sb.Append(line).Append('\n');
        return sb.ToString();
    }
}
