using MudBlazor;
using PvpRegistry.Core;

namespace PvpRegistry.Web.Components.Shared;

/// <summary>The screen colour of a visit status (its label comes from <c>Format.Status</c>).</summary>
public static class StatusColors
{
    public static Color For(VisitStatus status) => status switch
    {
        VisitStatus.Overdue => Color.Error,
        VisitStatus.Due => Color.Warning,
        VisitStatus.Completed => Color.Success,
        VisitStatus.Missed => Color.Dark,
        _ => Color.Default,
    };
}
