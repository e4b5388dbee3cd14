using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Web.Features.Patients;
using PvpRegistry.Web.Features.Procedures;

namespace PvpRegistry.Web.Tests.Infrastructure;

/// <summary>Signed-in users for calling the services directly, and patients entered through the services.</summary>
public static class TestPeople
{
    public static ClaimsPrincipal As(string name, params string[] roles) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));

    public static ClaimsPrincipal Nurse(string name = "nurse.ann") => As(name, Roles.Nurse);
    public static ClaimsPrincipal Surgeon(string name = "dr.li") => As(name, Roles.Surgeon);

    public static PatientInput NewPatient(DateOnly today, TreatmentGroup group = TreatmentGroup.Pvp) => new()
    {
        Mrn = "T" + Guid.NewGuid().ToString("N")[..10], Name = "Test Patient", Phone = "555-0100", Sex = Sex.Female,
        BirthDate = today.AddYears(-60), Group = group, PrimaryTumor = PrimaryTumor.Breast, PrimaryGrowth = PrimaryGrowth.Moderate,
        MetastaticSite = MetastaticSite.Lumbar, SegmentCount = 1, InvolvedLevels = [SpinalLevel.L2], FrankelGrade = FrankelGrade.D,
        EnrolmentDate = today.AddDays(-200), ConsentDate = today.AddDays(-200),
        Criteria = Eligibility.Criteria.ToDictionary(c => c.Name, c => (bool?)c.IsInclusion),
    };

    public static ProcedureInput NewProcedure(DateOnly date, TreatmentGroup group = TreatmentGroup.Pvp) => new()
    {
        Date = date, Surgeon = "Dr Li", Levels = new() { [SpinalLevel.L2] = 3.5m, [SpinalLevel.L3] = 4m },
        SeedCount = group == TreatmentGroup.PvpI125 ? 14 : null, SeedActivityMci = group == TreatmentGroup.PvpI125 ? 0.7m : null,
    };

    /// <summary>A patient with a procedure the given days ago; returns the patient and the id of the wanted visit.</summary>
    public static async Task<(int PatientId, string StudyId, int VisitId)> TreatedPatientAsync(IServiceProvider services, int daysAgo, VisitCode visit)
    {
        var today = services.GetRequiredService<RegistryClock>().Today;
        var (id, studyId) = await services.GetRequiredService<PatientService>().CreateAsync(Surgeon(), NewPatient(today));
        await services.GetRequiredService<ProcedureService>().RecordAsync(Surgeon(), id, NewProcedure(today.AddDays(-daysAgo)));
        await using var db = await services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var visitId = db.Visits.Single(v => v.PatientId == id && v.Code == visit).Id;
        return (id, studyId, visitId);
    }
}
