using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace PvpRegistry.E2E.Infrastructure;

/// <summary>The axe-core check of a page against WCAG 2.1 A and AA: no serious or critical finding.</summary>
public static class Accessibility
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>Each serious or critical finding on the page as it is now: rule, what to fix, the first elements.</summary>
    public static async Task<List<string>> SeriousViolationsAsync(this IPage page)
    {
        var result = await page.RunAxe(Wcag21AA);
        return result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{new Uri(page.Url).PathAndQuery}: {v.Id} ({v.Impact}): {v.Help}; "
                         + string.Join(" | ", v.Nodes.Take(5).Select(n => $"{n.Target} {n.Any?.FirstOrDefault()?.Message}")))
            .ToList();
    }

    public static async Task ExpectNoSeriousViolationsAsync(this IPage page)
    {
        var found = await page.SeriousViolationsAsync();
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }
}
