using System.Security.Claims;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.FollowUp;
using PvpRegistry.Web.Features.Account;

namespace PvpRegistry.Web.Features.Worklist;

/// <summary>The worklist groups, in the order the nurse works them.</summary>
public record WorklistGroup(string Key, string Title, IReadOnlyList<WorklistItem> Rows);

public class WorklistService(Data.FollowUp.Worklist worklist, RegistryClock clock)
{
    public DateOnly Today => clock.Today;

    public DateTime NowLocal => clock.LocalNow;

    public async Task<List<WorklistItem>> LoadAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Nurse);
        var rows = await worklist.DueAndOverdueAsync(clock.Today, ct);
        return RoleCheck.MaySeeIdentifiers(user) ? rows : rows.Select(r => r with { Name = null, Mrn = null }).ToList();
    }

    /// <summary>
    /// The groups by what the nurse must do today, every one listed even when empty so its count shows:
    /// overdue (the window has closed, nothing recorded); due now (the window is open and the target date is reached or
    /// passed; its "days left" say how soon the window closes); target within 7 days (the window is open and the target
    /// date comes within the next 7 days: calls to plan this week); target later (the window is open and the target
    /// date is more than 7 days ahead). Inside a group the visit whose window closes first comes first.
    /// </summary>
    public static List<WorklistGroup> Group(IEnumerable<WorklistItem> rows, DateOnly today)
    {
        var list = rows.ToList();
        List<WorklistItem> Sorted(Func<WorklistItem, bool> belongs) =>
            list.Where(belongs).OrderBy(r => r.WindowEnd).ThenBy(r => r.Target).ThenBy(r => r.StudyId, StringComparer.Ordinal).ToList();
        static bool IsOpen(WorklistItem r) => r.Status == VisitStatus.Due;
        return
        [
            new("overdue", "Overdue", Sorted(r => r.Status == VisitStatus.Overdue)),
            new("now", "Due now", Sorted(r => IsOpen(r) && r.Target <= today)),
            new("soon", "Target within 7 days", Sorted(r => IsOpen(r) && r.Target > today && r.Target <= today.AddDays(TargetSoonDays))),
            new("later", "Target later", Sorted(r => IsOpen(r) && r.Target > today.AddDays(TargetSoonDays))),
        ];
    }

    /// <summary>How many days ahead a target date counts as this week's work.</summary>
    public const int TargetSoonDays = 7;
}
