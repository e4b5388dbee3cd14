using Microsoft.Playwright;

namespace PvpRegistry.E2E.Infrastructure;

/// <summary>Checks of how a page is laid out, by the boxes the browser drew.</summary>
public static class Layout
{
    /// <summary>
    /// Every visible cell of the tables matched by <paramref name="tableSelector"/> holds its text: the text's box lies
    /// inside the cell's box, so no text runs over into the next column ("COHORT-DEMO-03512 months").
    /// </summary>
    public static async Task AssertCellsHoldTheirTextAsync(IPage page, string tableSelector)
    {
        var spills = await page.EvaluateAsync<string[]>("""
            selector => [...document.querySelectorAll(selector + ' td, ' + selector + ' th')]
                .filter(cell => cell.offsetParent !== null && cell.textContent.trim() !== '')
                .map(cell => {
                    const range = document.createRange();
                    range.selectNodeContents(cell);
                    const text = range.getBoundingClientRect(), box = cell.getBoundingClientRect();
                    return text.left < box.left - 0.5 || text.right > box.right + 0.5 ? `"${cell.textContent.trim()}" (${Math.round(text.right - box.right)} px over)` : null;
                })
                .filter(x => x !== null)
            """, tableSelector);
        Assert.True(spills.Length == 0, $"Text runs out of its cell at {page.ViewportSize?.Width} px: {string.Join(", ", spills)}.");
    }
}
