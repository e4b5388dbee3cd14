using PvpRegistry.Core;

namespace PvpRegistry.Data.Tests.Infrastructure;

/// <summary>Builds enrolled patients with a procedure and the study schedule, the way the registry stores them.</summary>
public static class PatientFactory
{
    public static Patient Operated(string studyId, DateOnly procedureDate, params VisitCode[] assessed)
    {
        var patient = new Patient
        {
            StudyId = studyId, Sex = Sex.Female, AgeAtProcedure = 66, Group = TreatmentGroup.Pvp, PrimaryTumor = PrimaryTumor.Breast,
            PrimaryGrowth = PrimaryGrowth.Moderate, MetastaticSite = MetastaticSite.Lumbar, SegmentCount = 1,
            EnrolmentDate = procedureDate, EnrolmentStatus = EnrolmentStatus.Enrolled, Eligibility = Eligibility.AllMet(), VitalStatus = VitalStatus.Alive,
            LastKnownAliveDate = procedureDate,
        };
        patient.Procedures.Add(new Procedure { Date = procedureDate, CementTotalMl = 4.5m });
        patient.Visits.AddRange(FollowUpSchedule.Default.CreateVisits(procedureDate));
        foreach (var code in assessed)
        {
            var visit = patient.Visits.Single(v => v.Code == code);
            visit.Assessments.Add(new Assessment
            {
                Vas = 4.5m, Kps = 70, AssessmentDate = visit.TargetDate, Source = AssessmentSource.Clinic,
                EnteredBy = "nurse.a", EnteredAtUtc = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            });
        }
        return patient;
    }
}
