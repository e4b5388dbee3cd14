using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PvpRegistry.Core;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.StudyCsv;

/// <summary>
/// The import writes its records in bulk, but every record gets the audit line and the stored row it would get when
/// saved the ordinary way: one tracked save of the same patients through the audit interceptor.
/// </summary>
public class ImportAuditTrailTests
{
    private const string Actor = "dr-import";

    private static string TwoPatients() => new StudyCsvText(extraColumns: ["mrn", "name", "death_cause"])
        .Row("PVP-0001", ("mrn", "MRN-1"), ("name", "Anna Alive"))
        .Row("PVP-0002", ("mrn", "MRN-2"), ("name", "Bert Dead"), ("vital_status", "dead"), ("status_date", "2016-11-20"),
            ("death_cause", "progression"), ("vas_12m", ""), ("kps_12m", ""))
        .ToString();

    [Fact]
    public async Task Imported_records_get_the_audit_lines_and_rows_of_an_ordinary_tracked_save()
    {
        await using var imported = await TestRegistry.CreateAsync();
        await using var saved = await TestRegistry.CreateAsync();

        var result = await imported.ImportAsync(TwoPatients(), Actor);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        await SaveTrackedAsync(saved, TwoPatients());

        Assert.Equal(await ClinicalAuditLinesAsync(saved), await ClinicalAuditLinesAsync(imported));
        foreach (var table in ClinicalTables)
            Assert.Equal(await RowsAsync(saved, table), await RowsAsync(imported, table));
    }

    [Fact]
    public async Task Every_imported_record_has_one_created_line_with_its_key_its_values_the_user_and_the_time()
    {
        await using var registry = await TestRegistry.CreateAsync();

        var result = await registry.ImportAsync(TwoPatients(), Actor);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        var lines = await ClinicalAuditLinesAsync(registry);
        // Two patients, two procedures, 14 visits, 6 + 5 assessments (the dead patient has none at 12 months), 2 vital status events.
        Assert.Equal(2 + 2 + 14 + 11 + 2, lines.Count);
        Assert.All(lines, l => Assert.StartsWith($"2026-11-25T10:00:00Z|{Actor}|created|", l));
        Assert.Equal(["Assessment", "FollowUpVisit", "Patient", "Procedure", "VitalStatusEvent"],
            lines.Select(l => l.Split('|')[3]).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(
            $"2026-11-25T10:00:00Z|{Actor}|created|Patient|2|||AgeAtProcedure=64; DeathCause=progression; EnrolmentDate=2016-03-01; " +
            "EnrolmentStatus=Enrolled; ExitDate=2016-11-20; Group=Pvp; InvolvedLevels=; MetastaticSite=Lumbar; Mrn=MRN-2; Name=Bert Dead; " +
            "PrimaryGrowth=Slow; PrimaryTumor=Prostate; SegmentCount=2; Sex=Male; StudyId=PVP-0002; VisceralMetastasis=False; VitalStatus=Dead|", lines);
        Assert.Contains($"2026-11-25T10:00:00Z|{Actor}|created|FollowUpVisit|7|||Code=Month36; MissedAtUtc=2026-11-25T10:00:00Z; MissedBy=registry; " +
            "MissedNote=Closed by the registry 30 days after the window ended on 2019-04-30.; MissedReason=WindowPassed; PatientId=1; " +
            "TargetDate=2019-03-01; WindowEnd=2019-04-30; WindowStart=2018-12-31|", lines);
        Assert.Contains($"2026-11-25T10:00:00Z|{Actor}|created|VitalStatusEvent|2|||Cause=progression; Date=2016-11-20; Kind=Death; PatientId=2; " +
            $"RecordedAtUtc=2026-11-25T10:00:00Z; RecordedBy={Actor}|", lines);
        // Every record of the file has exactly one line, under its own key.
        Assert.Equal(lines.Count, lines.Select(l => string.Join("|", l.Split('|')[3..5])).Distinct().Count());
    }

    [Fact]
    public async Task Imported_records_start_at_version_zero_and_take_a_concurrent_edit_check()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await registry.ImportAsync(TwoPatients(), Actor);

        await using var db = registry.NewContext();
        Assert.All(await db.Patients.Select(p => p.Version).ToListAsync(), v => Assert.Equal(0u, v));
        Assert.All(await db.Visits.Select(v => v.Version).ToListAsync(), v => Assert.Equal(0u, v));
        Assert.All(await db.Assessments.Select(a => a.Version).ToListAsync(), v => Assert.Equal(0u, v));

        var first = await db.Assessments.OrderBy(a => a.Id).FirstAsync();
        await using (var other = registry.NewContext())
        {
            var same = await other.Assessments.SingleAsync(a => a.Id == first.Id);
            same.Vas = 1m;
            await other.SaveChangesAsync();
        }
        first.Vas = 2m;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
    }

    private static readonly string[] ClinicalTables = ["Patients", "Procedures", "Visits", "Assessments", "VitalStatusEvents"];

    /// <summary>The patients of the file saved the ordinary way: mapped as the import maps them, added to one context, one tracked save.</summary>
    private static async Task SaveTrackedAsync(TestRegistry registry, string csv)
    {
        var clock = registry.Get<RegistryClock>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var (rows, problems) = StudyCsvFormat.Read(stream, registry.Schedule, clock.Today);
        Assert.Empty(problems);
        await using var db = registry.NewContext();
        db.Actor = Actor;
        foreach (var row in rows)
        {
            var patient = StudyRecordMapping.NewPatient(row.Record, registry.Schedule, Actor, clock.UtcNow);
            PassedWindows.ClosePassedVisits(patient, clock.Today, registry.Get<IOptions<FollowUpOptions>>().Value.CloseAsMissedAfterDays, clock.UtcNow);
            db.Patients.Add(patient);
        }
        await db.SaveChangesAsync();
    }

    /// <summary>The audit lines of clinical records, one string each (time, user, action, entity, key, field, old, new, reason), in order of writing.</summary>
    private static async Task<List<string>> ClinicalAuditLinesAsync(TestRegistry registry)
    {
        await using var db = registry.NewContext();
        var clinical = new[] { nameof(Patient), nameof(Procedure), nameof(FollowUpVisit), nameof(Assessment), nameof(VitalStatusEvent) };
        var lines = await db.AuditTrail.AsNoTracking().Where(a => clinical.Contains(a.Entity)).OrderBy(a => a.Id).ToListAsync();
        return lines.Select(a => string.Join("|", a.AtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            a.User, a.Action, a.Entity, a.RecordKey, a.Field, a.OldValue, a.NewValue, a.Reason)).ToList();
    }

    /// <summary>Every column of every row of a table, as stored, in key order.</summary>
    private static async Task<List<string>> RowsAsync(TestRegistry registry, string table)
    {
        await using var db = registry.NewContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY \"Id\"";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount)
                .Select(i => $"{reader.GetName(i)}={Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)}")));
        return rows;
    }
}
