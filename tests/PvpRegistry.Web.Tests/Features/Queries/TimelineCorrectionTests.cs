using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Web.Features.Procedures;
using PvpRegistry.Web.Features.Worklist;
using PvpRegistry.Web.Tests.Infrastructure;
using static PvpRegistry.Web.Tests.Infrastructure.TestPeople;

namespace PvpRegistry.Web.Tests.Features.Queries;

/// <summary>
/// The corrections the timeline opens (an assessment's date, its source, the procedure's date and levels) through the
/// services they call, on one shared registry: each needs a reason, is audited with old and new value, and a correction
/// made on a stale version is refused.
/// </summary>
public class TimelineCorrectionTests(EmptyRegistryWebFactory factory) : IClassFixture<EmptyRegistryWebFactory>
{
    private ScoreEntryService Entry => factory.Services.GetRequiredService<ScoreEntryService>();
    private ProcedureService Procedures => factory.Services.GetRequiredService<ProcedureService>();
    private DateOnly Today => factory.Services.GetRequiredService<RegistryClock>().Today;
    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<List<(string? Field, string? Old, string? New, string? Reason)>> AuditAsync(string entity, int id)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var key = id.ToString(CultureInfo.InvariantCulture);
        var rows = await db.AuditTrail.Where(a => a.Entity == entity && a.RecordKey == key && a.Action == "updated").OrderBy(a => a.Id).ToListAsync();
        return rows.Select(a => (a.Field, a.OldValue, a.NewValue, a.Reason)).ToList();
    }

    /// <summary>A 3-month visit scored today by phone; returns the visit and the entry as the correction form loads it.</summary>
    private async Task<(int VisitId, VisitEntry Entry)> ScoredMonth3Async()
    {
        var (_, _, visitId) = await TreatedPatientAsync(factory.Services, 91, VisitCode.Month3);
        var entry = (await Entry.LoadAsync(Nurse(), visitId))!;
        await Entry.RecordAssessmentAsync(Nurse(), visitId, entry.VisitVersion, new AssessmentInput(5m, 70, Today, AssessmentSource.Phone));
        return (visitId, (await Entry.LoadAsync(Nurse(), visitId))!);
    }

    [Fact]
    public async Task An_assessment_date_is_corrected_with_a_reason_audited_old_and_new_and_a_stale_correction_is_refused()
    {
        var (visitId, seen) = await ScoredMonth3Async();
        var moved = new AssessmentInput(5m, 70, Today.AddDays(-2), AssessmentSource.Phone);

        var noReason = await Assert.ThrowsAsync<ClinicalValidationException>(() => Entry.RecordAssessmentAsync(Nurse(), visitId, seen.VisitVersion, moved));
        Assert.Contains(noReason.Problems, p => p.Field == "Reason");

        await Entry.RecordAssessmentAsync(Nurse(), visitId, seen.VisitVersion, moved with { Reason = "called two days earlier" });
        Assert.Equal(Today.AddDays(-2), (await Entry.LoadAsync(Nurse(), visitId))!.Current!.Date);
        Assert.Equal([("AssessmentDate", D(Today), D(Today.AddDays(-2)), "called two days earlier")], await AuditAsync(nameof(Assessment), seen.Current!.Id));

        var stale = await Assert.ThrowsAsync<RecordChangedException>(() => Entry.RecordAssessmentAsync(Nurse("nurse.bo"), visitId, seen.VisitVersion,
            moved with { Date = Today.AddDays(-1), Reason = "late" }));
        Assert.Contains("changed by nurse.ann", stale.Message);
        Assert.Equal(Today.AddDays(-2), (await Entry.LoadAsync(Nurse(), visitId))!.Current!.Date);
    }

    [Fact]
    public async Task An_assessment_source_is_corrected_with_a_reason_audited_old_and_new_and_a_stale_correction_is_refused()
    {
        var (visitId, seen) = await ScoredMonth3Async();
        var clinic = new AssessmentInput(5m, 70, Today, AssessmentSource.Clinic);

        var noReason = await Assert.ThrowsAsync<ClinicalValidationException>(() => Entry.RecordAssessmentAsync(Nurse(), visitId, seen.VisitVersion, clinic));
        Assert.Contains(noReason.Problems, p => p.Field == "Reason");

        await Entry.RecordAssessmentAsync(Nurse(), visitId, seen.VisitVersion, clinic with { Reason = "seen in clinic, not by phone" });
        Assert.Equal(AssessmentSource.Clinic, (await Entry.LoadAsync(Nurse(), visitId))!.Current!.Source);
        Assert.Equal([("Source", "Phone", "Clinic", "seen in clinic, not by phone")], await AuditAsync(nameof(Assessment), seen.Current!.Id));

        await Assert.ThrowsAsync<RecordChangedException>(() => Entry.RecordAssessmentAsync(Nurse("nurse.bo"), visitId, seen.VisitVersion,
            clinic with { Source = AssessmentSource.Phone, Reason = "late" }));
        Assert.Equal(AssessmentSource.Clinic, (await Entry.LoadAsync(Nurse(), visitId))!.Current!.Source);
    }

    [Fact]
    public async Task A_procedure_date_and_levels_are_corrected_with_a_reason_audited_old_and_new_and_a_stale_correction_is_refused()
    {
        var (patientId, _, _) = await TreatedPatientAsync(factory.Services, 91, VisitCode.Month3);
        var view = (await Procedures.LoadAsync(Surgeon(), patientId))!;
        var procedure = view.Input.Date!.Value;
        var seenVersion = view.Input.Version;
        view.Input.Date = procedure.AddDays(-1);
        view.Input.Levels = new() { [SpinalLevel.L2] = 3.5m, [SpinalLevel.L4] = 4m };

        var noReason = await Assert.ThrowsAsync<ClinicalValidationException>(() => Procedures.UpdateAsync(Surgeon(), patientId, view.Input));
        Assert.Contains(noReason.Problems, p => p.Field == "Reason");

        view.Input.Reason = "operating note says L4, the day before";
        await Procedures.UpdateAsync(Surgeon(), patientId, view.Input);
        var saved = (await Procedures.LoadAsync(Surgeon(), patientId))!;
        Assert.Equal(procedure.AddDays(-1), saved.Input.Date);
        Assert.Equal([SpinalLevel.L2, SpinalLevel.L4], saved.Input.Levels.Keys);
        var audit = await AuditAsync(nameof(Procedure), saved.ProcedureId!.Value);
        Assert.Contains(("Date", D(procedure), D(procedure.AddDays(-1)), "operating note says L4, the day before"), audit);
        Assert.Contains(audit, a => a.Field == "TreatedLevels" && a.Old!.Contains("L3") && a.New!.Contains("L4") && !a.New.Contains("L3")
                                    && a.Reason == "operating note says L4, the day before");

        view.Input.Version = seenVersion;
        view.Input.Date = procedure.AddDays(-3);
        view.Input.Reason = "late";
        var stale = await Assert.ThrowsAsync<RecordChangedException>(() => Procedures.UpdateAsync(As("dr.wu", Roles.Surgeon), patientId, view.Input));
        Assert.Contains("changed by dr.li", stale.Message);
        Assert.Equal(procedure.AddDays(-1), (await Procedures.LoadAsync(Surgeon(), patientId))!.Input.Date);
    }
}
