using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
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
        app.MapGet("/reports/study.pdf", async (HttpContext ctx, ReportGenerator generator, UserAccounts accounts, RegistryText texts, IStringLocalizer<ReportsText> T,
            Guid? id, DateOnly? from, DateOnly? to, string? group, string? tumor, string? site) =>
        {
            RoleCheck.Require(ctx.User, Roles.Researcher);
            var user = RoleCheck.NameOf(ctx.User);
            ReadyReport? report;
            if (id is { } reportId)
            {
                report = generator.Find(reportId, user);
                if (report is null) return Refusal(StatusCodes.Status404NotFound, T["Download.Expired"]);
            }
            else
            {
                if (!TryFilter(T, from, to, group, tumor, site, out var filter, out var problem)) return Refusal(StatusCodes.Status400BadRequest, problem);
                try { report = await generator.GenerateAsync(user, filter, null, ctx.RequestAborted); }
                catch (ReportUnavailableException ex) { return Refusal(StatusCodes.Status400BadRequest, texts.Error(ex)); }
            }
            await accounts.AuditAsync(user, AuditAction, "study.pdf", "fingerprint", null, report.Fingerprint, AuditReasons.Patients(report.Patients));
            return Results.File(report.Pdf, "application/pdf", $"pvp-study-report-{report.CreatedUtc.UtcDateTime:yyyyMMdd-HHmm}.pdf");
        }).RequireAuthorization(p => p.RequireRole(Roles.Researcher));

        app.MapGet("/reports/patient/{id:int}.pdf", async (int id, HttpContext ctx, CohortLoader loader, IDbContextFactory<RegistryDbContext> dbFactory,
            FollowUpSchedule schedule, RegistryClock clock, DemoCohort demo, UserAccounts accounts, IStringLocalizer<ReportsText> T) =>
        {
            var patient = await loader.LoadPatientAsync(id, ctx.RequestAborted);
            if (patient is null || patient.Voided) return Refusal(StatusCodes.Status404NotFound, T["Download.NoPatient"]);
            if (patient.Record is not { } record) return Refusal(StatusCodes.Status400BadRequest, T["Download.NoProcedure"]);
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
            await accounts.AuditAsync(RoleCheck.NameOf(ctx.User), AuditAction, $"patient/{id}", "study_id", null, record.StudyId, AuditReasons.PatientSummary);
            return Results.File(pdf, "application/pdf", $"patient-{record.StudyId}.pdf");
        }).RequireAuthorization();
    }

    /// <summary>Why a download is refused, as plain UTF-8 text a browser shows as it is (in the user's language).</summary>
    private static IResult Refusal(int status, string text) => Results.Text(text, "text/plain; charset=utf-8", statusCode: status);

    /// <summary>The cohort of the query's filters, or the problem with them in the user's language (the parameter names and codes stay as typed).</summary>
    private static bool TryFilter(IStringLocalizer<ReportsText> T, DateOnly? from, DateOnly? to, string? group, string? tumor, string? site, out CohortFilter filter, out string problem)
    {
        filter = CohortFilter.None;
        problem = "";
        TreatmentGroup? g = null; PrimaryTumor? t = null; MetastaticSite? s = null;
        if (group is { Length: > 0 }) { if (Codes.TryParse<TreatmentGroup>(group, out var v)) g = v; else { problem = T["Download.BadFilter", nameof(group), Codes.AllowedList<TreatmentGroup>()]; return false; } }
        if (tumor is { Length: > 0 }) { if (Codes.TryParse<PrimaryTumor>(tumor, out var v)) t = v; else { problem = T["Download.BadFilter", nameof(tumor), Codes.AllowedList<PrimaryTumor>()]; return false; } }
        if (site is { Length: > 0 }) { if (Codes.TryParse<MetastaticSite>(site, out var v)) s = v; else { problem = T["Download.BadFilter", nameof(site), Codes.AllowedList<MetastaticSite>()]; return false; } }
        filter = new CohortFilter(from, to, g, t, s);
        return true;
    }
}
