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
    /// passed); closes within 7 days (the window is open, the target is still ahead, and the window closes within 7 days);
    /// target later (the window is open, the target date is still ahead and more than 7 days are left). Inside a group
    /// the visit whose window closes first comes first.
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
            new("closing", "Closes within 7 days", Sorted(r => IsOpen(r) && r.Target > today && r.DaysLeft <= ClosingSoonDays)),
            new("later", "Target later", Sorted(r => IsOpen(r) && r.Target > today && r.DaysLeft > ClosingSoonDays)),
        ];
    }

    /// <summary>How many days before its window closes a visit not yet at its target counts as closing soon.</summary>
    public const int ClosingSoonDays = 7;
}
