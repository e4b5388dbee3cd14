using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Web.Features.Dashboards;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Dashboards;

/// <summary>
/// The dashboards read the registry through flat projections (<see cref="DashboardRows"/>); their snapshot must be
/// the one the full entity graphs give (<see cref="DashboardService.ToDashboardPatient"/>), also for voided rows,
/// corrected scores, several procedures, missed visits and every vital status.
/// </summary>
public sealed class DashboardRowsTests : IAsyncLifetime
{
    private static readonly DashboardVisit[] NoVisits = [];
    private static readonly decimal?[] NoVas = [];
    private static readonly int?[] NoKps = [];
    private static readonly DateOnly?[] NoDates = [];

    private readonly RegistryWebFactory _factory = new();
    private IServiceProvider S => _factory.Services;

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task The_projected_snapshot_equals_the_entity_mapping_for_the_demo_cohort_and_awkward_records()
    {
        var today = S.GetRequiredService<RegistryClock>().Today;
        var schedule = S.GetRequiredService<FollowUpSchedule>();
        await AddAwkwardPatientsAsync(today, schedule);

        var projected = await S.GetRequiredService<DashboardService>().LoadAsync();
        await using var db = await S.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var entities = await db.Patients.AsNoTracking().AsSplitQuery()
            .Include(p => p.Procedures).Include(p => p.Visits).ThenInclude(v => v.Assessments)
            .OrderBy(p => p.StudyId).ToListAsync();
        var expected = entities.Select(p => DashboardService.ToDashboardPatient(p, schedule, today)).ToArray();

        Assert.Equal(today, projected.Today);
        Assert.Equal(62 + 8, expected.Length);
        Assert.Equal(expected.Select(p => p.StudyId), projected.Patients.Select(p => p.StudyId));
        for (int i = 0; i < expected.Length; i++)
        {
            var (e, a) = (expected[i], projected.Patients[i]);
            Assert.Equal(e with { Record = null, Visits = NoVisits }, a with { Record = null, Visits = NoVisits });
            Assert.Equal(e.Visits, a.Visits);
            if (e.Record is null) { Assert.Null(a.Record); continue; }
            Assert.NotNull(a.Record);
            // The dashboards never show identifying data, so their rows do not carry it.
            var withoutIdentity = e.Record with { Mrn = null, Name = null, BirthDate = null, DeathCause = null, Vas = NoVas, Kps = NoKps, ScoreDates = NoDates };
            Assert.Equal(withoutIdentity, a.Record with { Vas = NoVas, Kps = NoKps, ScoreDates = NoDates });
            Assert.Equal(e.Record.Vas, a.Record.Vas);
            Assert.Equal(e.Record.Kps, a.Record.Kps);
            Assert.Equal(e.Record.ScoreDates, a.Record.ScoreDates);
            Assert.Null(a.Record.Name);
            Assert.Null(a.Record.Mrn);
        }

        // The awkward cases came out as the entities define them.
        var byId = projected.Patients.ToDictionary(p => p.StudyId);
        Assert.Equal(today.AddDays(-300), byId["EDGE-PROC"].Record!.ProcedureDate); // the voided earlier procedure does not count
        Assert.Equal(6.5m, byId["EDGE-SCORES"].Record!.Vas[(int)VisitCode.Month1]); // the latest, not the voided later one
        Assert.Equal(4.5m, byId["EDGE-SCORES"].Record!.Vas[(int)VisitCode.Month3]); // same date: the later entry
        Assert.Contains(byId["EDGE-SCORES"].Visits, v => v.Code == VisitCode.Month6 && v.OutOfWindow);
        Assert.Contains(byId["EDGE-SCORES"].Visits, v => v.Code == VisitCode.Month12 && v.Status == VisitStatus.Missed);
        Assert.Contains(byId["EDGE-DEAD"].Visits, v => v.Status == VisitStatus.NotExpected);
        Assert.True(byId["EDGE-VOID"].Voided);
        Assert.Null(byId["EDGE-SF"].Record);
        Assert.Null(byId["EDGE-NOSTATUS"].Record);
        Assert.Equal(VitalStatus.Withdrawn, byId["EDGE-WD"].Vital);
    }

    private async Task AddAwkwardPatientsAsync(DateOnly today, FollowUpSchedule schedule)
    {
        var now = DateTime.UtcNow;
        Patient New(string id, int procedureDaysAgo, bool dead = false, int statusDaysAgo = 5)
        {
            var record = new StudyRecord
            {
                StudyId = id, Group = TreatmentGroup.PvpI125, Sex = Sex.Male, Age = 64, PrimaryTumor = PrimaryTumor.Lung,
                PrimaryGrowth = PrimaryGrowth.Rapid, MetastaticSite = MetastaticSite.Sacral, Segments = 3, VisceralMetastasis = true,
                ProcedureDate = today.AddDays(-procedureDaysAgo), CementMl = 5.5m, Seeds = 12, SeedActivityMci = 0.6m,
                Vas = [8.5m, 3m, null, null, null, null, null], Kps = [70, 80, null, null, null, null, null],
                Dead = dead, StatusDate = today.AddDays(-statusDaysAgo), Mrn = "MRN-" + id, Name = "Name " + id, DeathCause = dead ? "Progression" : null,
            };
            return StudyRecordMapping.NewPatient(record, schedule, "test", now);
        }

        var twoProcedures = New("EDGE-PROC", 300);
        twoProcedures.Procedures.Add(new Procedure { Date = today.AddDays(-320), CementTotalMl = 2, Voided = new Voiding(now, "test", "entered twice") });
        twoProcedures.Procedures.Add(new Procedure { Date = today.AddDays(-250), CementTotalMl = 3 });

        var scores = New("EDGE-SCORES", 400);
        var m1 = scores.Visits.Single(v => v.Code == VisitCode.Month1);
        m1.Assessments.Add(new Assessment { Vas = 5m, Kps = 80, AssessmentDate = m1.TargetDate.AddDays(-2), Source = AssessmentSource.Phone, EnteredBy = "n", EnteredAtUtc = now });
        m1.Assessments.Add(new Assessment { Vas = 6.5m, Kps = 70, AssessmentDate = m1.TargetDate.AddDays(1), Source = AssessmentSource.Phone, EnteredBy = "n", EnteredAtUtc = now });
        m1.Assessments.Add(new Assessment { Vas = 9m, Kps = 50, AssessmentDate = m1.TargetDate.AddDays(3), Source = AssessmentSource.Phone, EnteredBy = "n", EnteredAtUtc = now, Voided = new Voiding(now, "n", "wrong patient") });
        var m3 = scores.Visits.Single(v => v.Code == VisitCode.Month3);
        m3.Assessments.Add(new Assessment { Vas = 4m, Kps = 80, AssessmentDate = m3.TargetDate, Source = AssessmentSource.Clinic, EnteredBy = "n", EnteredAtUtc = now });
        var m6 = scores.Visits.Single(v => v.Code == VisitCode.Month6);
        m6.Assessments.Add(new Assessment { Vas = 3m, Kps = 90, AssessmentDate = m6.WindowEnd.AddDays(10), Source = AssessmentSource.Clinic, EnteredBy = "n", EnteredAtUtc = now });
        var m12 = scores.Visits.Single(v => v.Code == VisitCode.Month12);
        m12.MissedReason = MissedReason.Refused;

        var dead = New("EDGE-DEAD", 200, dead: true, statusDaysAgo: 150);
        var voided = New("EDGE-VOID", 100);
        voided.Voided = new Voiding(now, "test", "duplicate");
        var withdrawn = New("EDGE-WD", 500);
        withdrawn.VitalStatus = VitalStatus.Withdrawn;
        withdrawn.ExitDate = today.AddDays(-100);
        var lost = New("EDGE-LOST", 600);
        lost.VitalStatus = VitalStatus.LostToFollowUp;
        lost.ExitDate = today.AddDays(-50);
        lost.LastKnownAliveDate = today.AddDays(-80);
        var noStatus = New("EDGE-NOSTATUS", 20);
        noStatus.LastKnownAliveDate = null;
        var screenFailure = new Patient
        {
            StudyId = "EDGE-SF", Sex = Sex.Female, AgeAtProcedure = 70, Group = TreatmentGroup.Pvp, PrimaryTumor = PrimaryTumor.Breast,
            PrimaryGrowth = PrimaryGrowth.Slow, MetastaticSite = MetastaticSite.Lumbar, SegmentCount = 1, EnrolmentDate = today.AddDays(-10),
            EnrolmentStatus = EnrolmentStatus.ScreenFailure, ScreenFailureReason = "KPS 40",
        };

        await using var db = await S.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        db.Patients.AddRange(twoProcedures, scores, dead, voided, withdrawn, lost, noStatus, screenFailure);
        await db.SaveChangesAsync();
        // The same-date correction: a second assessment on the Month3 date, entered later (higher ID).
        await using var db2 = await S.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var visit = await db2.Visits.SingleAsync(v => v.Patient!.StudyId == "EDGE-SCORES" && v.Code == VisitCode.Month3);
        db2.Assessments.Add(new Assessment { VisitId = visit.Id, Vas = 4.5m, Kps = 80, AssessmentDate = visit.TargetDate, Source = AssessmentSource.Clinic, EnteredBy = "n", EnteredAtUtc = now });
        await db2.SaveChangesAsync();
    }
}
