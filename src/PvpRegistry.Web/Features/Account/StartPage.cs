using System.Security.Claims;
using PvpRegistry.Core;

namespace PvpRegistry.Web.Features.Account;

/// <summary>Where each role starts: where its daily work is (the sign-in's landing page and the 404 page's way back).</summary>
public record StartPage(string Path, string Name)
{
    public static StartPage For(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Nurse) ? new("/worklist", "worklist")
        : user.IsInRole(Roles.Researcher) ? new("/dashboards", "dashboards")
        : user.IsInRole(Roles.Admin) ? new("/admin", "admin page")
        : user.Identity?.IsAuthenticated == true ? new("/patients", "patient list")
        : new("/account/login", "sign-in page");
}
