using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Web.Features.Patients;
using PvpRegistry.Web.Features.Procedures;
using PvpRegistry.Web.Features.Worklist;

namespace PvpRegistry.E2E.Infrastructure;

/// <summary>Test data entered through the app's own services, as a surgeon would.</summary>
public static class Seed
{
    public static ClaimsPrincipal As(string role, string name = "seed-user") =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], "test"));

    public static PatientInput NewPatient(TreatmentGroup group, DateOnly today) => new()
    {
        Mrn = "E2E" + Guid.NewGuid().ToString("N")[..10], Name = "Test Patient", Phone = "+86 555 0100", Sex = Sex.Male,
        BirthDate = today.AddYears(-66), Group = group, PrimaryTumor = PrimaryTumor.Prostate, PrimaryGrowth = PrimaryGrowth.Slow,
        MetastaticSite = MetastaticSite.Lumbar, SegmentCount = 1, InvolvedLevels = [SpinalLevel.L3], FrankelGrade = FrankelGrade.D,
        EnrolmentDate = today.AddDays(-120), ConsentDate = today.AddDays(-120),
        Criteria = Eligibility.Criteria.ToDictionary(c => c.Name, c => (bool?)c.IsInclusion),
    };

    /// <summary>A patient, and a procedure the given number of days ago when asked (which creates the schedule).</summary>
    public static async Task<(int Id, string StudyId)> PatientAsync(IServiceProvider services, TreatmentGroup group, int? procedureDaysAgo)
    {
        var today = services.GetRequiredService<RegistryClock>().Today;
        var surgeon = As(Roles.Surgeon);
        var created = await services.GetRequiredService<PatientService>().CreateAsync(surgeon, NewPatient(group, today));
        if (procedureDaysAgo is { } days)
        {
            await services.GetRequiredService<ProcedureService>().RecordAsync(surgeon, created.Id, new ProcedureInput
            {
                Date = today.AddDays(-days), Surgeon = "Dr Seed", Levels = new() { [SpinalLevel.L3] = 4.5m },
                SeedCount = group == TreatmentGroup.PvpI125 ? 16 : null, SeedActivityMci = group == TreatmentGroup.PvpI125 ? 0.6m : null,
            });
        }
        return created;
    }

    /// <summary>Scores for one visit of the patient, entered as a nurse would on the worklist; returns the visit's id.</summary>
    public static async Task<int> ScoresAsync(IServiceProvider services, int patientId, VisitCode code, decimal vas, int kps, DateOnly date)
    {
        var visitId = await VisitIdAsync(services, patientId, code);
        var entry = services.GetRequiredService<ScoreEntryService>();
        var nurse = As(Roles.Nurse, "seed-nurse");
        var visit = (await entry.LoadAsync(nurse, visitId))!;
        await entry.RecordAssessmentAsync(nurse, visitId, visit.VisitVersion, new AssessmentInput(vas, kps, date, AssessmentSource.Clinic));
        return visitId;
    }

    public static async Task<int> VisitIdAsync(IServiceProvider services, int patientId, VisitCode code)
    {
        await using var db = await services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        return db.Visits.Single(v => v.PatientId == patientId && v.Code == code).Id;
    }
}
