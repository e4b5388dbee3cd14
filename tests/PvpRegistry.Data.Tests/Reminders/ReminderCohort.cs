using Microsoft.EntityFrameworkCore;
using System.Globalization;
using PvpRegistry.Core;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.Reminders;

/// <summary>A small cohort whose reminders on 2024-06-15 are known by hand.</summary>
public static class ReminderCohort
{
    public static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static readonly DateOnly Day = D("2024-06-15");

    /// <summary>What a run on <see cref="Day"/> raises.</summary>
    public static readonly HashSet<(string StudyId, string Visit, string Kind)> Expected =
    [
        ("A", "day1", "window_opens"), ("A", "day1", "closing_soon"), // day1 window 06-15..06-17 opens today, 2 days left
        ("B", "1m", "overdue"),                                        // 1m window 05-24..06-07 closed without an assessment
        ("E", "3m", "window_opens"),                                   // 3m window 06-01..06-29, 14 days left
    ];

    public static async Task SeedAsync(RegistryDbContext db, string? nurseA = null, string? nurseE = null)
    {
        var a = PatientFactory.Operated("A", D("2024-06-14"), VisitCode.Preop);
        a.ResponsibleNurseId = nurseA;
        a.Name = "Alice Secretname";
        a.Mrn = "MRN-777001";
        db.Patients.Add(a);
        var b = PatientFactory.Operated("B", D("2024-05-01"), VisitCode.Preop, VisitCode.Day1);
        b.ResponsibleNurseId = nurseA;
        db.Patients.Add(b);
        // C died before anything was due: missed or not expected, never reminded.
        var c = PatientFactory.Operated("C", D("2024-03-01"));
        c.VitalStatus = VitalStatus.Dead;
        c.ExitDate = D("2024-04-01");
        db.Patients.Add(c);
        // D: the nurse marked the overdue 1m visit missed.
        var d = PatientFactory.Operated("D", D("2024-05-01"), VisitCode.Preop, VisitCode.Day1);
        d.Visits.Single(v => v.Code == VisitCode.Month1).MissedReason = MissedReason.Unreachable;
        db.Patients.Add(d);
        var e = PatientFactory.Operated("E", D("2024-03-16"), VisitCode.Preop, VisitCode.Day1, VisitCode.Month1);
        e.ResponsibleNurseId = nurseE;
        db.Patients.Add(e);
        // F: like E with the 3m visit completed.
        db.Patients.Add(PatientFactory.Operated("F", D("2024-03-16"), VisitCode.Preop, VisitCode.Day1, VisitCode.Month1, VisitCode.Month3));
        // W withdrew on the day the 3m window opened: missed (withdrew), not due.
        var w = PatientFactory.Operated("W", D("2024-03-16"), VisitCode.Preop, VisitCode.Day1, VisitCode.Month1);
        w.VitalStatus = VitalStatus.Withdrawn;
        w.ExitDate = D("2024-06-01");
        db.Patients.Add(w);
        await db.SaveChangesAsync();
    }

    /// <summary>The reminders stored, as (study id, visit, kind) codes.</summary>
    public static async Task<HashSet<(string, string, string)>> StoredAsync(TestRegistry registry)
    {
        await using var db = registry.NewContext();
        var rows = await db.Reminders.Select(r => new { r.Visit!.Patient!.StudyId, r.Visit.Code, r.Kind }).ToListAsync();
        return rows.Select(r => (r.StudyId, r.Code.Code(), r.Kind.Code())).ToHashSet();
    }
}
