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
        return await worklist.DueAndOverdueAsync(clock.Today, ct);
    }

    /// <summary>Overdue first, then due today, due this week, due later; every group is listed, even when empty, so its count shows.</summary>
    public static List<WorklistGroup> Group(IEnumerable<WorklistItem> rows)
    {
        var list = rows.ToList();
        return
        [
            new("overdue", "Overdue", list.Where(r => r.Status == VisitStatus.Overdue).OrderBy(r => r.DaysLeft).ThenBy(r => r.StudyId, StringComparer.Ordinal).ToList()),
            new("today", "Due today", list.Where(r => r.Status == VisitStatus.Due && r.DaysLeft == 0).OrderBy(r => r.StudyId, StringComparer.Ordinal).ToList()),
            new("week", "Due this week", list.Where(r => r.Status == VisitStatus.Due && r.DaysLeft is > 0 and <= 7).OrderBy(r => r.DaysLeft).ThenBy(r => r.StudyId, StringComparer.Ordinal).ToList()),
            new("later", "Due later", list.Where(r => r.Status == VisitStatus.Due && r.DaysLeft > 7).OrderBy(r => r.DaysLeft).ThenBy(r => r.StudyId, StringComparer.Ordinal).ToList()),
        ];
    }
}
