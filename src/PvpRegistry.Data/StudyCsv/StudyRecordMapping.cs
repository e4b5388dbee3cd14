using PvpRegistry.Core;

namespace PvpRegistry.Data.StudyCsv;

/// <summary>Study rows into registry entities (the way back is the <see cref="Study.CohortLoader"/>), and their comparison.</summary>
public static class StudyRecordMapping
{
    /// <summary>A new patient with procedure, schedule, assessments and vital status from a study row.</summary>
    public static Patient NewPatient(StudyRecord r, FollowUpSchedule schedule, string actor, DateTime nowUtc)
    {
        var patient = new Patient
        {
            StudyId = r.StudyId, Mrn = r.Mrn, Name = r.Name, BirthDate = r.BirthDate, Sex = r.Sex, AgeAtProcedure = r.Age,
            Group = r.Group, PrimaryTumor = r.PrimaryTumor, PrimaryGrowth = r.PrimaryGrowth, MetastaticSite = r.MetastaticSite,
            SegmentCount = r.Segments, VisceralMetastasis = r.VisceralMetastasis, EnrolmentDate = r.ProcedureDate,
            EnrolmentStatus = EnrolmentStatus.Enrolled, Eligibility = Eligibility.AllMet(),
            VitalStatus = r.Dead ? VitalStatus.Dead : VitalStatus.Alive,
            ExitDate = r.Dead ? r.StatusDate : null,
            DeathCause = r.DeathCause,
            LastKnownAliveDate = r.Dead ? null : r.StatusDate,
        };
        patient.Procedures.Add(new Procedure
        {
            Date = r.ProcedureDate, CementTotalMl = r.CementMl, SeedCount = r.Seeds, SeedActivityMci = r.SeedActivityMci,
        });
        patient.Visits.AddRange(schedule.CreateVisits(r.ProcedureDate));
        foreach (var visit in patient.Visits)
        {
            int i = (int)visit.Code;
            if (r.Vas[i] is null && r.Kps[i] is null) continue;
            visit.Assessments.Add(new Assessment
            {
                Vas = r.Vas[i], Kps = r.Kps[i], AssessmentDate = r.ScoreDates[i] ?? visit.TargetDate,
                Source = AssessmentSource.Import, EnteredBy = actor, EnteredAtUtc = nowUtc,
            });
        }
        patient.VitalStatusEvents.Add(new VitalStatusEvent
        {
            Kind = r.Dead ? VitalStatusEventKind.Death : VitalStatusEventKind.LastKnownAlive,
            Date = r.StatusDate, Cause = r.DeathCause, RecordedBy = actor, RecordedAtUtc = nowUtc,
        });
        return patient;
    }

    /// <summary>
    /// The record-level rules that the patient a study row describes breaks (refusals only), each as a problem of
    /// that row in the column that holds the fact. Imported patients meet every eligibility criterion and carry no
    /// levels, contacts, consent or Frankel grade, so only the date, sex and primary tumour rules can apply.
    /// </summary>
    public static IEnumerable<CsvProblem> RuleProblems(int row, StudyRecord r, FollowUpSchedule schedule, DateOnly today)
    {
        var assessments = Enum.GetValues<VisitCode>()
            .Where(v => r.Vas[(int)v] is not null || r.Kps[(int)v] is not null)
            .Select(v => new AssessmentFact(v, schedule.WindowFor(v, r.ProcedureDate), r.ScoreDates[(int)v] ?? schedule.WindowFor(v, r.ProcedureDate).Target))
            .ToList();
        var facts = new PatientFacts
        {
            Sex = r.Sex, PrimaryTumor = r.PrimaryTumor, SegmentCount = r.Segments, EnrolmentDate = r.ProcedureDate, ProcedureDate = r.ProcedureDate,
            DeathDate = r.Dead ? r.StatusDate : null, LastKnownAlive = r.Dead ? null : r.StatusDate, Assessments = assessments,
            Eligibility = Eligibility.AllMet(), Today = today,
        };
        return RecordRules.Check(facts).Where(v => v.IsRefused).Select(v => new CsvProblem(row, ColumnOf(v.Fact, r), v.Message));
    }

    private static string ColumnOf(FactRef fact, StudyRecord r) => fact.Kind switch
    {
        FactKind.Assessment when fact.Visit is { } v => r.Vas[(int)v] is not null ? $"vas_{v.Code()}" : $"kps_{v.Code()}",
        FactKind.Death or FactKind.LastKnownAlive => "status_date",
        FactKind.PrimaryTumor => "primary_tumor",
        FactKind.Segments => "segments",
        _ => "procedure_date",
    };

    /// <summary>The names of the study CSV columns in which two rows differ (restricted to the columns a file carries).</summary>
    public static List<string> DifferingColumns(StudyRecord stored, StudyRecord incoming, IReadOnlySet<string> fileColumns)
    {
        var differences = new List<string>();
        void Compare<T>(string column, T a, T b)
        {
            if (fileColumns.Contains(column) && !EqualityComparer<T>.Default.Equals(a, b)) differences.Add(column);
        }
        Compare("group", stored.Group, incoming.Group);
        Compare("sex", stored.Sex, incoming.Sex);
        Compare("age", stored.Age, incoming.Age);
        Compare("primary_tumor", stored.PrimaryTumor, incoming.PrimaryTumor);
        Compare("primary_growth", stored.PrimaryGrowth, incoming.PrimaryGrowth);
        Compare("metastatic_site", stored.MetastaticSite, incoming.MetastaticSite);
        Compare("segments", stored.Segments, incoming.Segments);
        Compare("visceral_metastasis", stored.VisceralMetastasis, incoming.VisceralMetastasis);
        Compare("procedure_date", stored.ProcedureDate, incoming.ProcedureDate);
        Compare("cement_ml", stored.CementMl, incoming.CementMl);
        Compare("seeds", stored.Seeds, incoming.Seeds);
        Compare("seed_activity_mci", stored.SeedActivityMci, incoming.SeedActivityMci);
        foreach (var v in Enum.GetValues<VisitCode>())
        {
            int i = (int)v;
            Compare($"vas_{v.Code()}", stored.Vas[i], incoming.Vas[i]);
            Compare($"kps_{v.Code()}", stored.Kps[i], incoming.Kps[i]);
            if (fileColumns.Contains($"vas_{v.Code()}_date") || fileColumns.Contains($"kps_{v.Code()}_date"))
                Compare($"vas_{v.Code()}_date", stored.ScoreDates[i], incoming.ScoreDates[i]);
        }
        Compare("vital_status", stored.Dead, incoming.Dead);
        Compare("status_date", stored.StatusDate, incoming.StatusDate);
        Compare("mrn", stored.Mrn, incoming.Mrn);
        Compare("name", stored.Name, incoming.Name);
        Compare("birth_date", stored.BirthDate, incoming.BirthDate);
        Compare("death_cause", stored.DeathCause, incoming.DeathCause);
        return differences;
    }
}
