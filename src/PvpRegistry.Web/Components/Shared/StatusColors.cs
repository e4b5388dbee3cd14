using PvpRegistry.Core;

namespace PvpRegistry.Web.Components.Shared;

/// <summary>
/// The screen colour of a visit status and of a vital status, as a chip class of app.css (label from <c>Format</c>):
/// each a distinct colour with white text at 4.5:1 or more, so "Missed" never looks like "Dead".
/// </summary>
public static class StatusColors
{
    public static string For(VisitStatus status) => "status-chip " + status switch
    {
        VisitStatus.Overdue => "status-overdue",
        VisitStatus.Due => "status-due",
        VisitStatus.Completed => "status-completed",
        VisitStatus.Missed => "status-missed",
        _ => "status-other",
    };

    public static string For(VitalStatus status) => "status-chip " + status switch
    {
        VitalStatus.Alive => "status-completed",
        VitalStatus.Dead => "status-dead",
        _ => "status-other",
    };
}
