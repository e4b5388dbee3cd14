using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.FollowUp;
using PvpRegistry.Web.Features.Account;

namespace PvpRegistry.Web.Features.Worklist;

/// <summary>One row of the nurse's worklist, with the last contact attempt for the visit.</summary>
public record WorklistRow(WorklistItem Item, DateTime? LastAttemptUtc, ContactOutcome? LastOutcome)
{
    public int VisitId => Item.VisitId;
}

/// <summary>The worklist groups, in the order the nurse works them.</summary>
public record WorklistGroup(string Key, string Title, IReadOnlyList<WorklistRow> Rows);

public class WorklistService(Data.FollowUp.Worklist worklist, IDbContextFactory<RegistryDbContext> dbFactory, RegistryClock clock)
{
    public DateOnly Today => clock.Today;

    public async Task<List<WorklistRow>> LoadAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Nurse);
        var items = await worklist.DueAndOverdueAsync(clock.Today, ct);
        if (items.Count == 0) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = items.Select(i => i.VisitId).ToList();
        var last = await db.ContactAttempts.AsNoTracking()
            .Where(c => ids.Contains(c.VisitId))
            .GroupBy(c => c.VisitId)
            .Select(g => g.OrderByDescending(c => c.AttemptedAtUtc).Select(c => new { c.VisitId, c.AttemptedAtUtc, c.Outcome }).First())
            .ToDictionaryAsync(c => c.VisitId, ct);
        return items.Select(i => last.TryGetValue(i.VisitId, out var c) ? new WorklistRow(i, c.AttemptedAtUtc, c.Outcome) : new WorklistRow(i, null, null)).ToList();
    }

    /// <summary>Overdue first, then due today, due this week, due later; every group is listed, even when empty, so its count shows.</summary>
    public static List<WorklistGroup> Group(IEnumerable<WorklistRow> rows)
    {
        var list = rows.ToList();
        return
        [
            new("overdue", "Overdue", list.Where(r => r.Item.Status == VisitStatus.Overdue).OrderBy(r => r.Item.DaysLeft).ThenBy(r => r.Item.StudyId, StringComparer.Ordinal).ToList()),
            new("today", "Due today", list.Where(r => r.Item.Status == VisitStatus.Due && r.Item.DaysLeft == 0).OrderBy(r => r.Item.StudyId, StringComparer.Ordinal).ToList()),
            new("week", "Due this week", list.Where(r => r.Item.Status == VisitStatus.Due && r.Item.DaysLeft is > 0 and <= 7).OrderBy(r => r.Item.DaysLeft).ThenBy(r => r.Item.StudyId, StringComparer.Ordinal).ToList()),
            new("later", "Due later", list.Where(r => r.Item.Status == VisitStatus.Due && r.Item.DaysLeft > 7).OrderBy(r => r.Item.DaysLeft).ThenBy(r => r.Item.StudyId, StringComparer.Ordinal).ToList()),
        ];
    }
}
