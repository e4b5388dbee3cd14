using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Demo;
using PvpRegistry.Data.Study;
using PvpRegistry.Data.Users;
using PvpRegistry.Reports.Localization;
using PvpRegistry.Reports.Patients;
using PvpRegistry.Reports.Study;
using PvpRegistry.Web.Components.Shared;
using PvpRegistry.Web.Features.Account;

namespace PvpRegistry.Web.Features.Reports;

public static class ReportEndpoints
{
    public const string AuditAction = "report_download";

    /// <summary>The study report (researchers) and the patient summary (any signed-in user); every download is audited.</summary>
    public static void MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        // ?id= a report generated on /reports; without it the report is generated for the filters in the query
        // (from and to: the enrolment date, YYYY-MM-DD, as on the dashboards).
        app.MapGet("/reports/study.pdf", async (HttpContext ctx, ReportGenerator generator, UserAccounts accounts, RegistryText texts,
            Guid? id, DateOnly? from, DateOnly? to, string? group, string? tumor, string? site) =>
        {
            RoleCheck.Require(ctx.User, Roles.Researcher);
            var user = RoleCheck.NameOf(ctx.User);
            ReadyReport? report;
            if (id is { } reportId)
            {
                report = generator.Find(reportId, user);
                if (report is null) return Results.NotFound("This report has expired. Generate it again on the Reports page.");
            }
            else
            {
                if (!TryFilter(from, to, group, tumor, site, out var filter, out var problem)) return Results.BadRequest(problem);
                try { report = await generator.GenerateAsync(user, filter, null, ctx.RequestAborted); }
                catch (ReportUnavailableException ex) { return Results.BadRequest(texts.Error(ex)); }
            }
            await accounts.AuditAsync(user, AuditAction, "study.pdf", "fingerprint", null, report.Fingerprint, $"{report.Patients} patients");
            return Results.File(report.Pdf, "application/pdf", $"pvp-study-report-{report.CreatedUtc.UtcDateTime:yyyyMMdd-HHmm}.pdf");
        }).RequireAuthorization(p => p.RequireRole(Roles.Researcher));

        app.MapGet("/reports/patient/{id:int}.pdf", async (int id, HttpContext ctx, CohortLoader loader, IDbContextFactory<RegistryDbContext> dbFactory,
            FollowUpSchedule schedule, RegistryClock clock, DemoCohort demo, UserAccounts accounts) =>
        {
            var patient = await loader.LoadPatientAsync(id, ctx.RequestAborted);
            if (patient is null || patient.Voided) return Results.NotFound("There is no patient with this number.");
            if (patient.Record is not { } record) return Results.BadRequest("This patient has no procedure yet: there is nothing to summarise.");
            bool synthetic = await demo.IsLoadedAsync(ctx.RequestAborted);
            // The stored windows and missed marks, as the timeline and the worklist read them (a corrected procedure date moved them).
            List<FollowUpVisit> visits;
            List<TreatedLevel> levels;
            await using (var db = await dbFactory.CreateDbContextAsync(ctx.RequestAborted))
            {
                visits = await db.Visits.AsNoTracking().Where(v => v.PatientId == id).ToListAsync(ctx.RequestAborted);
                // The levels of the procedure the record is built from: the patient's first one not voided (as the cohort loader picks it).
                var procedure = await db.Procedures.AsNoTracking().Where(p => p.PatientId == id && p.Voided == null)
                    .OrderBy(p => p.Date).ThenBy(p => p.Id).FirstOrDefaultAsync(ctx.RequestAborted);
                levels = procedure?.TreatedLevels ?? [];
            }
            var pdf = await Task.Run(() => PatientSummaryReport.Generate(record, clock.Today, synthetic, schedule, clock.UtcNow, visits, levels,
                ReportText.For(System.Globalization.CultureInfo.CurrentUICulture)), ctx.RequestAborted);
            await accounts.AuditAsync(RoleCheck.NameOf(ctx.User), AuditAction, $"patient/{id}", "study_id", null, record.StudyId, "patient summary");
            return Results.File(pdf, "application/pdf", $"patient-{record.StudyId}.pdf");
        }).RequireAuthorization();
    }

    private static bool TryFilter(DateOnly? from, DateOnly? to, string? group, string? tumor, string? site, out CohortFilter filter, out string problem)
    {
        filter = CohortFilter.None;
        problem = "";
        TreatmentGroup? g = null; PrimaryTumor? t = null; MetastaticSite? s = null;
        if (group is { Length: > 0 }) { if (Codes.TryParse<TreatmentGroup>(group, out var v)) g = v; else { problem = $"group must be one of {Codes.AllowedList<TreatmentGroup>()}."; return false; } }
        if (tumor is { Length: > 0 }) { if (Codes.TryParse<PrimaryTumor>(tumor, out var v)) t = v; else { problem = $"tumor must be one of {Codes.AllowedList<PrimaryTumor>()}."; return false; } }
        if (site is { Length: > 0 }) { if (Codes.TryParse<MetastaticSite>(site, out var v)) s = v; else { problem = $"site must be one of {Codes.AllowedList<MetastaticSite>()}."; return false; } }
        filter = new CohortFilter(from, to, g, t, s);
        return true;
    }
}
