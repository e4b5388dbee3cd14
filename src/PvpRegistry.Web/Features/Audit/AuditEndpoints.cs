using System.Text;
using PvpRegistry.Core;
using PvpRegistry.Data.Users;
using PvpRegistry.Web.Features.Account;

namespace PvpRegistry.Web.Features.Audit;

public static class AuditEndpoints
{
    /// <summary>The audit trail as CSV for admins (itself audited).</summary>
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/export/audit.csv", async (HttpContext ctx, AuditLog audit, UserAccounts accounts, string? text, string? user, string? action, DateOnly? from, DateOnly? to) =>
        {
            var csv = await audit.ExportCsvAsync(ctx.User, new AuditQuery(text, user, action, from, to, 0, int.MaxValue), ctx.RequestAborted);
            await accounts.AuditAsync(RoleCheck.NameOf(ctx.User), "export", "audit.csv", null, null, null);
            return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv", "pvp-audit-trail.csv");
        }).RequireAuthorization(p => p.RequireRole(Roles.Admin));
    }
}
