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
            RoleCheck.Require(ctx.User, Roles.Admin);
            // Audited before the first row leaves: the trail is streamed to the client as it is read.
            await accounts.AuditAsync(RoleCheck.NameOf(ctx.User), "export", "audit.csv", null, null, null);
            var query = new AuditQuery(text, user, action, from, to, 0, int.MaxValue);
            return Results.Stream(async body =>
            {
                await using var writer = new StreamWriter(body, new UTF8Encoding(false), leaveOpen: true);
                await audit.WriteCsvAsync(ctx.User, query, writer, ctx.RequestAborted);
            }, "text/csv", "pvp-audit-trail.csv");
        }).RequireAuthorization(p => p.RequireRole(Roles.Admin));
    }
}
