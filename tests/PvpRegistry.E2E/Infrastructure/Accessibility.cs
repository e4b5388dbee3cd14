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
        // Only the violations are read: the passed, inapplicable and incomplete rules come back without their elements.
        ResultTypes = [ResultType.Violations],
    };

    /// <summary>Each serious or critical finding on the page as it is now: rule, what to fix, the first elements.</summary>
    public static async Task<List<string>> SeriousViolationsAsync(this IPage page)
    {
        // axe.run on the page itself: the app has no frames, so the default per-frame run (finished in a blank page opened
        // for each check) finds the same and takes 2-3 times as long. Marked obsolete as the package may drop it one day.
#pragma warning disable CS0618
        var result = await page.Locator("html").RunAxeLegacy(Wcag21AA);
#pragma warning restore CS0618
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
