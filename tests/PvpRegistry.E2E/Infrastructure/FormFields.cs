using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PvpRegistry.E2E.Infrastructure;

/// <summary>The app's form fields by their test IDs, as a user fills them.</summary>
public static class FormFields
{
    /// <summary>The text input of a field (MudBlazor puts the test ID on the input or on its wrapper).</summary>
    public static ILocator Input(IPage page, string testId) => page.Locator($"[data-testid={testId}] input, input[data-testid={testId}]").First;

    /// <summary>
    /// A person's click on <paramref name="target"/>: press, hold 300 ms (long enough for whatever the press set off,
    /// such as the change of the field it left, to come back from the server), release. Returns how far the target moved
    /// while pressed: a target that moves lets the release land beside it, and the click is lost.
    /// </summary>
    public static async Task<double> ClickByHandAsync(IPage page, ILocator target)
    {
        await target.ScrollIntoViewIfNeededAsync();
        var box = (await target.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.DownAsync();
        await page.WaitForTimeoutAsync(300);
        var pressed = (await target.BoundingBoxAsync())!;
        await page.Mouse.UpAsync();
        return Math.Abs(pressed.Y - box.Y) + Math.Abs(pressed.X - box.X);
    }

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
