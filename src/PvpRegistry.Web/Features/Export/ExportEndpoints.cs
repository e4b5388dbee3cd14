using System.Text;
using PvpRegistry.Core;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Data.Users;
using PvpRegistry.Web.Features.Account;

namespace PvpRegistry.Web.Features.Export;

public static class ExportEndpoints
{
    /// <summary>Study CSV downloads for researchers; each one is audited.</summary>
    public static void MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/export/study.csv", async (HttpContext ctx, StudyCsvExporter exporter, UserAccounts accounts, bool? deidentified) =>
        {
            RoleCheck.Require(ctx.User, Roles.Researcher);
            bool deid = deidentified ?? true;
            var text = new StringWriter();
            int count = await exporter.ExportAsync(text, deid, ctx.RequestAborted);
            var user = RoleCheck.NameOf(ctx.User);
            await accounts.AuditAsync(user, "export", "study.csv", "deidentified", null, deid.ToString(), AuditReasons.Patients(count));
            var name = deid ? "pvp-study-deidentified.csv" : "pvp-study-identified.csv";
            return Results.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv", name);
        }).RequireAuthorization(p => p.RequireRole(Roles.Researcher));
    }
}
