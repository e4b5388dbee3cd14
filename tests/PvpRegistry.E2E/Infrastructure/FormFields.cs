using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PvpRegistry.E2E.Infrastructure;

/// <summary>The app's form fields by their test IDs, as a user fills them.</summary>
public static class FormFields
{
    /// <summary>The text input of a field (MudBlazor puts the test ID on the input or on its wrapper).</summary>
    public static ILocator Input(IPage page, string testId) => page.Locator($"[data-testid={testId}] input, input[data-testid={testId}]").First;

    /// <summary>Opens a drop-down list and picks the option whose text is exactly <paramref name="option"/>.</summary>
    public static async Task ChooseAsync(IPage page, string testId, string option)
    {
        await page.Locator($".mud-input-control:has([data-testid={testId}]), [data-testid={testId}] .mud-input-control").First.ClickAsync();
        var items = page.Locator(".mud-popover-open .mud-list-item");
        await items.Filter(new LocatorFilterOptions { HasTextRegex = new Regex($@"^\s*{Regex.Escape(option)}\s*$") }).ClickAsync();
        await Assertions.Expect(items).ToHaveCountAsync(0);
    }

    /// <summary>
    /// No horizontal scrolling: neither the page nor any table in it is wider than its box, once the layout has
    /// settled after a change of window size (the drawer follows the width through the circuit, a moment later).
    /// </summary>
    public static async Task AssertNoHorizontalScrollAsync(IPage page)
    {
        const string wideBoxes = """
            () => [document.documentElement, ...document.querySelectorAll('.mud-table-container, .table-scroll')]
                    .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className || e.tagName)
            """;
        try { await page.WaitForFunctionAsync($"() => ({wideBoxes})().length === 0", null, new() { Timeout = 5_000 }); }
        catch (TimeoutException) { }
        var wide = await page.EvaluateAsync<string[]>(wideBoxes);
        Assert.True(wide.Length == 0, $"{page.Url} scrolls sideways at {page.ViewportSize?.Width} px: {string.Join(", ", wide)}.");
    }
}
