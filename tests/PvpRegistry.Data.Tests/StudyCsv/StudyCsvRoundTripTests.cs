using System.Globalization;
using System.Text;
using PvpRegistry.Data.Tests.Infrastructure;
using PvpRegistry.Data.StudyCsv;

namespace PvpRegistry.Data.Tests.StudyCsv;

/// <summary>Study CSV import and export: round trip, idempotent re-import, de-identified export.</summary>
public class StudyCsvRoundTripTests
{
    private static readonly string CohortPath = Path.Combine(AppContext.BaseDirectory, "TestData", "cohort-demo.csv");

    private static string CohortText => File.ReadAllText(CohortPath, new UTF8Encoding(false));

    private static DateOnly Date(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Importing_the_demo_cohort_creates_each_patient_with_procedure_schedule_and_scores()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var cohort = CsvTable.Load(CohortPath);

        var result = await registry.ImportAsync(CohortText);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Equal(cohort.Rows.Count, result.Imported);
        Assert.Equal(0, result.Unchanged);
        int scoredVisits = cohort.Rows.Sum(r => StudyCsvText.VisitCodes.Count(v => r[$"vas_{v}"] != "" || r[$"kps_{v}"] != ""));
        var counts = await registry.CountRowsAsync();
        Assert.Equal(62, counts.Patients);
        Assert.Equal(62, counts.Procedures);
        Assert.Equal(62 * 7, counts.Visits);
        Assert.Equal(scoredVisits, counts.Assessments);
    }

    [Fact]
    public async Task Identified_export_of_an_imported_file_is_byte_identical_to_it()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var result = await registry.ImportAsync(CohortText);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));

        var exported = await registry.ExportAsync(deidentified: false);

        var expected = await File.ReadAllBytesAsync(CohortPath);
        var actual = new UTF8Encoding(false).GetBytes(exported);
        Assert.Equal(CohortText, exported); // shows the first difference as text
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Importing_the_same_file_twice_changes_nothing()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await registry.ImportAsync(CohortText);
        var before = await registry.CountRowsAsync();

        var again = await registry.ImportAsync(CohortText);

        Assert.True(again.Succeeded, string.Join("\n", again.Problems));
        Assert.Equal(0, again.Imported);
        Assert.Equal(62, again.Unchanged);
        Assert.Equal(before, await registry.CountRowsAsync());
    }

    /// <summary>What identifies a patient row without its ID or dates (checked unique in the file).</summary>
    private static string Signature(IReadOnlyDictionary<string, string> row) =>
        string.Join("|", new[] { "group", "sex", "primary_tumor", "primary_growth", "metastatic_site", "segments", "visceral_metastasis", "cement_ml", "seeds", "seed_activity_mci", "vital_status" }
            .Concat(StudyCsvText.VisitCodes.Select(v => $"vas_{v}")).Concat(StudyCsvText.VisitCodes.Select(v => $"kps_{v}"))
            .Select(c => row[c]));

    [Fact]
    public async Task Deidentified_export_drops_identifiers_pseudonymises_ids_and_shifts_each_patients_dates_by_one_offset()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await registry.ImportAsync(CohortText);
        var original = CsvTable.Load(CohortPath);
        Assert.Equal(original.Rows.Count, original.Rows.Select(Signature).Distinct().Count());

        var first = CsvTable.Parse(await registry.ExportAsync(deidentified: true));
        var second = CsvTable.Parse(await registry.ExportAsync(deidentified: true));

        foreach (var column in new[] { "mrn", "name", "birth_date" }) Assert.DoesNotContain(column, first.Columns);
        Assert.Equal(original.Rows.Count, first.Rows.Count);

        var originalIds = original.Rows.Select(r => r["study_id"]).ToHashSet();
        var pseudonyms = first.Rows.Select(r => r["study_id"]).ToList();
        Assert.Equal(pseudonyms.Count, pseudonyms.Distinct().Count());
        Assert.All(pseudonyms, p => Assert.DoesNotContain(p, originalIds));

        var bySignature = original.Rows.ToDictionary(Signature);
        var secondById = second.Rows.ToDictionary(r => r["study_id"]);
        var offsets = new List<int>();
        foreach (var row in first.Rows)
        {
            var source = bySignature[Signature(row)];
            // Stable: the same patient gets the same pseudonym and the same dates on a second export.
            Assert.Equal(row, secondById[row["study_id"]]);

            int offset = Date(row["procedure_date"]).DayNumber - Date(source["procedure_date"]).DayNumber;
            Assert.Equal(offset, Date(row["status_date"]).DayNumber - Date(source["status_date"]).DayNumber);
            offsets.Add(offset);
            Assert.Equal(source["age"], row["age"]); // nobody in the demo cohort is over 89
        }
        // Dates really are moved, by offsets of their own per patient.
        Assert.True(offsets.Count(o => o != 0) >= offsets.Count - 1);
        Assert.True(offsets.Distinct().Count() > 1);
    }

    [Fact]
    public async Task Deidentified_export_never_shifts_a_date_past_the_datas_as_of_date()
    {
        // The registry's today is the cohort's latest date: any shift forward would put a date in the future.
        var cohort = CsvTable.Load(CohortPath);
        var dateColumns = cohort.Columns.Where(c => c.EndsWith("date", StringComparison.Ordinal)).ToArray();
        var latest = cohort.Rows.SelectMany(r => dateColumns.Select(c => r[c])).Where(v => v.Length > 0).Select(Date).Max();
        await using var registry = await TestRegistry.CreateAsync(new DateTimeOffset(latest.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        Assert.True((await registry.ImportAsync(CohortText)).Succeeded);

        var export = CsvTable.Parse(await registry.ExportAsync(deidentified: true));
        var shifted = export.Rows.SelectMany(r => export.Columns.Where(c => c.EndsWith("date", StringComparison.Ordinal)).Select(c => r[c]))
            .Where(v => v.Length > 0).Select(Date).ToList();
        Assert.True(shifted.Count >= cohort.Rows.Count * 2);
        Assert.All(shifted, d => Assert.True(d <= latest, $"{d:yyyy-MM-dd} is after the as-of date {latest:yyyy-MM-dd}"));
    }

    [Fact]
    public void A_record_dated_after_the_as_of_date_is_shifted_back_to_it_at_the_latest()
    {
        var asOf = new DateOnly(2026, 6, 1);
        var record = StudyCsvFormat.Read(new StringReader(CohortText), PvpRegistry.Core.FollowUpSchedule.Default).Rows[0].Record
            with { StatusDate = asOf.AddDays(30) };
        for (int k = 0; k < 50; k++)
        {
            var key = Encoding.UTF8.GetBytes($"key {k}");
            var shifted = StudyCsvExporter.Deidentify(record, key, asOf);
            Assert.True(shifted.StatusDate <= asOf);
            Assert.Equal(record.StatusDate.DayNumber - record.ProcedureDate.DayNumber, shifted.StatusDate.DayNumber - shifted.ProcedureDate.DayNumber);
        }
    }

    private static string ElderlyCsv() =>
        new StudyCsvText(extraColumns: ["vas_3m_date", "mrn", "name", "birth_date", "death_cause"])
            .Row("OLD-095", ("age", "95"), ("birth_date", "1920-06-15"), ("cement_ml", "3.1"), ("mrn", "H100095"), ("name", "Ada Elder"),
                 ("vital_status", "dead"), ("status_date", "2016-09-01"), ("death_cause", "pneumonia"),
                 ("vas_3m_date", "2016-06-10"), ("vas_12m", ""), ("kps_12m", ""))
            .Row("OLD-090", ("age", "90"), ("cement_ml", "3.2"), ("mrn", "H100090"), ("name", "Bo Ninety"))
            .Row("OLD-089", ("age", "89"), ("cement_ml", "3.3"), ("mrn", "H100089"), ("name", "Cy Eightynine"))
            .Row("MID-050", ("age", "50"), ("cement_ml", "3.4"), ("procedure_date", "2016-05-20"), ("status_date", "2018-01-02"),
                 ("vas_3m_date", "2016-08-25"))
            .ToString();

    [Fact]
    public async Task Deidentified_export_shows_ages_over_89_as_90_and_shifts_score_dates_with_the_patient()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var import = await registry.ImportAsync(ElderlyCsv());
        Assert.True(import.Succeeded, string.Join("\n", import.Problems));

        var source = CsvTable.Parse(ElderlyCsv()).Rows.ToDictionary(r => r["cement_ml"]);
        var export = CsvTable.Parse(await registry.ExportAsync(deidentified: true));

        foreach (var column in new[] { "mrn", "name", "birth_date" }) Assert.DoesNotContain(column, export.Columns);
        Assert.Contains("vas_3m_date", export.Columns);
        var ageByCement = export.Rows.ToDictionary(r => r["cement_ml"], r => r["age"]);
        Assert.Equal("90", ageByCement["3.1"]); // 95
        Assert.Equal("90", ageByCement["3.2"]); // 90
        Assert.Equal("89", ageByCement["3.3"]); // 89
        Assert.Equal("50", ageByCement["3.4"]);

        foreach (var row in export.Rows)
        {
            var original = source[row["cement_ml"]];
            Assert.DoesNotContain(row["study_id"], source.Values.Select(r => r["study_id"]));
            int offset = Date(row["procedure_date"]).DayNumber - Date(original["procedure_date"]).DayNumber;
            Assert.Equal(offset, Date(row["status_date"]).DayNumber - Date(original["status_date"]).DayNumber);
            if (original["vas_3m_date"] != "")
                Assert.Equal(Date(original["vas_3m_date"]).AddDays(offset), Date(row["vas_3m_date"]));
        }
    }
}
