using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data.Study;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.Study;

/// <summary>
/// The cohort loader reads the registry as study rows and visit statuses, as the entities define them: the first
/// procedure not voided, each visit's latest assessment not voided, statuses on the registry's today.
/// </summary>
public class CohortLoaderTests
{
    private static readonly string CohortPath = Path.Combine(AppContext.BaseDirectory, "TestData", "cohort-demo.csv");

    [Fact]
    public async Task The_study_rows_of_an_imported_file_are_its_rows()
    {
        await using var registry = await TestRegistry.CreateAsync();
        using var file = new StreamReader(CohortPath);
        var (rows, problems) = StudyCsvFormat.Read(file, registry.Schedule);
        Assert.Empty(problems);
        Assert.True((await registry.ImportAsync(await File.ReadAllTextAsync(CohortPath))).Succeeded);

        var loaded = await registry.Get<CohortLoader>().LoadStudyRecordsAsync(CohortFilter.None);

        var expected = rows.Select(r => r.Record).OrderBy(r => r.StudyId, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Length, loaded.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            var (e, a) = (expected[i], loaded[i]);
            Assert.Equal(e with { Vas = [], Kps = [], ScoreDates = [] }, a with { Vas = [], Kps = [], ScoreDates = [] });
            Assert.Equal(e.Vas, a.Vas);
            Assert.Equal(e.Kps, a.Kps);
            Assert.Equal(e.ScoreDates, a.ScoreDates);
        }
    }

    [Fact]
    public async Task Voided_rows_corrections_several_procedures_missed_visits_and_every_vital_status_come_out_as_the_entities_define_them()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var today = registry.Get<RegistryClock>().Today;
        await AddAwkwardPatientsAsync(registry, today);

        var snapshot = await registry.Get<CohortLoader>().LoadAsync();

        Assert.Equal(today, snapshot.Today);
        Assert.Equal(["EDGE-DEAD", "EDGE-LOST", "EDGE-NOSTATUS", "EDGE-PROC", "EDGE-SCORES", "EDGE-SF", "EDGE-VOID", "EDGE-WD"], snapshot.Patients.Select(p => p.StudyId));
        var byId = snapshot.Patients.ToDictionary(p => p.StudyId);
        Assert.Equal(today.AddDays(-300), byId["EDGE-PROC"].Record!.ProcedureDate); // the voided earlier procedure does not count
        Assert.Equal(3m, byId["EDGE-PROC"].Record!.CementMl); // the first procedure not voided, not the later one
        var scores = byId["EDGE-SCORES"];
        Assert.Equal(6.5m, scores.Record!.Vas[(int)VisitCode.Month1]); // the latest, not the voided later one
        Assert.Equal(registry.Schedule.WindowFor(VisitCode.Month1, scores.Record.ProcedureDate).Target.AddDays(1), scores.Record.ScoreDates[(int)VisitCode.Month1]);
        Assert.Equal(4.5m, scores.Record.Vas[(int)VisitCode.Month3]); // same date: the later entry
        Assert.Null(scores.Record.ScoreDates[(int)VisitCode.Month3]); // on the target date: the default, not stored in the row
        Assert.Equal(new CohortVisit(VisitCode.Month6, VisitStatus.Completed, OutOfWindow: true), scores.Visits.Single(v => v.Code == VisitCode.Month6));
        Assert.Equal(VisitStatus.Missed, scores.Visits.Single(v => v.Code == VisitCode.Month12).Status);
        Assert.Equal(VisitStatus.Overdue, byId["EDGE-PROC"].Visits.Single(v => v.Code == VisitCode.Month6).Status); // window passed, no score
        Assert.Equal(7, scores.Visits.Count);
        var dead = byId["EDGE-DEAD"];
        Assert.True(dead.Record!.Dead);
        Assert.Equal(today.AddDays(-150), dead.Record.StatusDate);
        Assert.Equal(today.AddDays(-150), dead.LastStatusDate);
        Assert.Contains(dead.Visits, v => v.Status == VisitStatus.NotExpected);
        Assert.True(byId["EDGE-VOID"].Voided);
        Assert.NotNull(byId["EDGE-VOID"].Record);
        Assert.Null(byId["EDGE-SF"].Record);
        Assert.Empty(byId["EDGE-SF"].Visits);
        Assert.Null(byId["EDGE-NOSTATUS"].Record);
        Assert.Equal(VitalStatus.Withdrawn, byId["EDGE-WD"].Vital);
        Assert.False(byId["EDGE-WD"].Record!.Dead);
        Assert.Equal(today.AddDays(-50), byId["EDGE-LOST"].Record!.StatusDate); // lost: censored on the exit date, later than last known alive
        // The dashboards' load carries no identifying data.
        Assert.All(snapshot.Patients.Where(p => p.Record is not null), p => Assert.Equal((null, null, null, null), (p.Record!.Mrn, p.Record.Name, p.Record.BirthDate, p.Record.DeathCause)));
    }

    [Fact]
    public async Task The_study_records_are_the_analysable_patients_of_the_filter_identified()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var today = registry.Get<RegistryClock>().Today;
        await AddAwkwardPatientsAsync(registry, today);
        var loader = registry.Get<CohortLoader>();

        var all = await loader.LoadStudyRecordsAsync(CohortFilter.None);
        var sacralFromLastYear = await loader.LoadStudyRecordsAsync(new CohortFilter(EnrolledFrom: today.AddDays(-365), Site: MetastaticSite.Sacral));

        // Not the voided patient, the screen failure or the patient without a status date.
        Assert.Equal(["EDGE-DEAD", "EDGE-LOST", "EDGE-PROC", "EDGE-SCORES", "EDGE-WD"], all.Select(r => r.StudyId));
        Assert.Equal(["EDGE-DEAD", "EDGE-PROC"], sacralFromLastYear.Select(r => r.StudyId));
        var dead = all.Single(r => r.StudyId == "EDGE-DEAD");
        Assert.Equal(("MRN-EDGE-DEAD", "Name EDGE-DEAD", "Progression"), (dead.Mrn, dead.Name, dead.DeathCause));
        Assert.Null(all.Single(r => r.StudyId == "EDGE-WD").DeathCause); // a cause is kept for the dead only
    }

    [Fact]
    public async Task One_patient_or_some_study_ids_load_only_those_patients()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var today = registry.Get<RegistryClock>().Today;
        await AddAwkwardPatientsAsync(registry, today);
        var loader = registry.Get<CohortLoader>();
        await using var db = registry.NewContext();
        int id = await db.Patients.Where(p => p.StudyId == "EDGE-SCORES").Select(p => p.Id).SingleAsync();

        var one = await loader.LoadPatientAsync(id);
        var some = await loader.LoadPatientsAsync(["EDGE-PROC", "EDGE-DEAD", "NOT-STORED"]);

        Assert.NotNull(one);
        Assert.Equal("EDGE-SCORES", one.StudyId);
        Assert.Equal(6.5m, one.Record!.Vas[(int)VisitCode.Month1]);
        Assert.Equal(4.5m, one.Record.Vas[(int)VisitCode.Month3]);
        Assert.Equal("Name EDGE-SCORES", one.Record.Name);
        Assert.Null(await loader.LoadPatientAsync(-1));
        Assert.Equal(["EDGE-DEAD", "EDGE-PROC"], some.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(today.AddDays(-300), some["EDGE-PROC"].Record!.ProcedureDate);
        Assert.Equal(7, some["EDGE-DEAD"].Visits.Count);
    }

    private static async Task AddAwkwardPatientsAsync(TestRegistry registry, DateOnly today)
    {
        var schedule = registry.Schedule;
        var now = DateTime.UtcNow;
        Patient New(string id, int procedureDaysAgo, bool dead = false, int statusDaysAgo = 5, MetastaticSite site = MetastaticSite.Sacral)
        {
            var record = new StudyRecord
            {
                StudyId = id, Group = TreatmentGroup.PvpI125, Sex = Sex.Male, Age = 64, PrimaryTumor = PrimaryTumor.Lung,
                PrimaryGrowth = PrimaryGrowth.Rapid, MetastaticSite = site, Segments = 3, VisceralMetastasis = true,
                ProcedureDate = today.AddDays(-procedureDaysAgo), CementMl = 5.5m, Seeds = 12, SeedActivityMci = 0.6m,
                Vas = [8.5m, 3m, null, null, null, null, null], Kps = [70, 80, null, null, null, null, null],
                Dead = dead, StatusDate = today.AddDays(-statusDaysAgo), Mrn = "MRN-" + id, Name = "Name " + id, DeathCause = dead ? "Progression" : null,
            };
            return StudyRecordMapping.NewPatient(record, schedule, "test", now);
        }

        var twoProcedures = New("EDGE-PROC", 300);
        twoProcedures.Procedures[0].CementTotalMl = 3;
        twoProcedures.Procedures.Add(new Procedure { Date = today.AddDays(-320), CementTotalMl = 2, Voided = new Voiding(now, "test", "entered twice") });
        twoProcedures.Procedures.Add(new Procedure { Date = today.AddDays(-250), CementTotalMl = 4 });

        var scores = New("EDGE-SCORES", 400, site: MetastaticSite.Lumbar);
        var m1 = scores.Visits.Single(v => v.Code == VisitCode.Month1);
        m1.Assessments.Add(new Assessment { Vas = 5m, Kps = 80, AssessmentDate = m1.TargetDate.AddDays(-2), Source = AssessmentSource.Phone, EnteredBy = "n", EnteredAtUtc = now });
        m1.Assessments.Add(new Assessment { Vas = 6.5m, Kps = 70, AssessmentDate = m1.TargetDate.AddDays(1), Source = AssessmentSource.Phone, EnteredBy = "n", EnteredAtUtc = now });
        m1.Assessments.Add(new Assessment { Vas = 9m, Kps = 50, AssessmentDate = m1.TargetDate.AddDays(3), Source = AssessmentSource.Phone, EnteredBy = "n", EnteredAtUtc = now, Voided = new Voiding(now, "n", "wrong patient") });
        var m3 = scores.Visits.Single(v => v.Code == VisitCode.Month3);
        m3.Assessments.Add(new Assessment { Vas = 4m, Kps = 80, AssessmentDate = m3.TargetDate, Source = AssessmentSource.Clinic, EnteredBy = "n", EnteredAtUtc = now });
        var m6 = scores.Visits.Single(v => v.Code == VisitCode.Month6);
        m6.Assessments.Add(new Assessment { Vas = 3m, Kps = 90, AssessmentDate = m6.WindowEnd.AddDays(10), Source = AssessmentSource.Clinic, EnteredBy = "n", EnteredAtUtc = now });
        scores.Visits.Single(v => v.Code == VisitCode.Month12).MissedReason = MissedReason.Refused;

        var dead = New("EDGE-DEAD", 200, dead: true, statusDaysAgo: 150);
        var voided = New("EDGE-VOID", 100);
        voided.Voided = new Voiding(now, "test", "duplicate");
        var withdrawn = New("EDGE-WD", 500, site: MetastaticSite.Lumbar);
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

        await using (var db = registry.NewContext())
        {
            db.Actor = "test";
            db.Patients.AddRange(twoProcedures, scores, dead, voided, withdrawn, lost, noStatus, screenFailure);
            await db.SaveChangesAsync();
        }
        // The same-date correction: a second assessment on the Month3 date, entered later (higher ID).
        await using var again = registry.NewContext();
        again.Actor = "test";
        var visit = await again.Visits.SingleAsync(v => v.Patient!.StudyId == "EDGE-SCORES" && v.Code == VisitCode.Month3);
        again.Assessments.Add(new Assessment { VisitId = visit.Id, Vas = 4.5m, Kps = 80, AssessmentDate = visit.TargetDate, Source = AssessmentSource.Clinic, EnteredBy = "n", EnteredAtUtc = now });
        await again.SaveChangesAsync();
    }
}
