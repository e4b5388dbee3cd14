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

    /// <summary>
    /// The elements matched by <paramref name="selector"/> show all they hold without scrolling sideways: neither they nor
    /// any box inside them that scrolls or clips (a table's own scroll container) is wider inside than it is drawn.
    /// </summary>
    public static async Task AssertNoSidewaysScrollAsync(IPage page, string selector)
    {
        var scrolling = await page.EvaluateAsync<string[]>("""
            selector => [...document.querySelectorAll(selector)]
                .flatMap(e => [e, ...[...e.querySelectorAll('*')].filter(inner => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(inner).overflowX))])
                .filter(e => e.scrollWidth > e.clientWidth + 1)
                .map(e => `${e.getAttribute('data-testid') ?? e.className}: ${e.scrollWidth} px in ${e.clientWidth}`)
            """, selector);
        Assert.True(scrolling.Length == 0, $"Scrolls sideways at {page.ViewportSize?.Width} px: {string.Join(", ", scrolling)}.");
    }

    /// <summary>
    /// Every date (YYYY-MM-DD) inside <paramref name="selector"/> is drawn on one line: a narrow column wraps between the
    /// dates of a window, never at a date's hyphen.
    /// </summary>
    public static async Task AssertDatesUnbrokenAsync(IPage page, string selector)
    {
        var broken = await page.EvaluateAsync<string[]>("""
            selector => {
                const found = [];
                for (const root of document.querySelectorAll(selector)) {
                    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                        if (node.parentElement.offsetParent === null) continue;
                        for (const m of node.textContent.matchAll(/\d{4}-\d{2}-\d{2}/g)) {
                            const range = document.createRange();
                            range.setStart(node, m.index);
                            range.setEnd(node, m.index + m[0].length);
                            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                            if (lines.size > 1) found.push(m[0]);
                        }
                    }
                }
                return found;
            }
            """, selector);
        Assert.True(broken.Length == 0, $"Dates broken over two lines at {page.ViewportSize?.Width} px: {string.Join(", ", broken)}.");
    }

    /// <summary>The text of <paramref name="element"/> is drawn on one line: a column is wide enough not to break a name in the middle ("术后第 1 / 天").</summary>
    public static async Task AssertOnOneLineAsync(ILocator element)
    {
        int lines = await element.EvaluateAsync<int>("""
            element => {
                const range = document.createRange();
                range.selectNodeContents(element);
                return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
            }
            """);
        Assert.True(lines == 1, $"\"{(await element.InnerTextAsync()).Trim()}\" is drawn on {lines} lines.");
    }

    /// <summary>Every visible form label is drawn whole: no label is cut short by its field's width (no ellipsis, no overflow).</summary>
    public static async Task AssertLabelsWholeAsync(IPage page)
    {
        var cut = await LabelsCutShortAsync(page);
        Assert.True(cut.Length == 0, $"Labels cut short at {page.ViewportSize?.Width} px: {string.Join(", ", cut)}.");
    }

    /// <summary>The visible form labels of the page that are cut short by their field's width, each with its page and how much is cut.</summary>
    public static Task<string[]> LabelsCutShortAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('.mud-input-label, label, .mud-radio .mud-typography, .mud-switch .mud-typography')]
            .filter(l => l.offsetParent !== null && l.textContent.trim() !== '' && l.scrollWidth > l.clientWidth + 1)
            .map(l => `${location.pathname}: "${l.textContent.trim()}" (${l.scrollWidth - l.clientWidth} px cut)`)
        """);

    /// <summary>
    /// Leaves the focused field by Tab, as a user moves on, and checks that its label stays raised above the typed value:
    /// as the focus lands on the next field, before any answer from the server could come, the label has no transition
    /// under way (it used to start dropping back over the value, until the server's answer raised it again).
    /// </summary>
    public static async Task AssertLabelStaysRaisedWhenLeftByTabAsync(IPage page)
    {
        string field = await page.EvaluateAsync<string>("""
            () => {
                const label = document.activeElement.closest('.mud-input-control').querySelector('label.mud-input-label');
                const moving = () => label.getAnimations().some(a => a.transitionProperty === 'transform');
                window.labelMoving = moving;
                window.labelDropped = null;
                document.addEventListener('focusin', () => {
                    getComputedStyle(label).transform; // the label's style as the focus has just moved
                    window.labelDropped = moving();
                }, { once: true });
                return label.textContent.trim();
            }
            """);
        // The label rises as the field takes the focus (a 0.2 s transition): Tab once it is up, as a person's typing is slower.
        await page.WaitForFunctionAsync("() => !window.labelMoving()");
        await page.Keyboard.PressAsync("Tab");
        await page.WaitForFunctionAsync("() => window.labelDropped !== null");
        Assert.False(await page.EvaluateAsync<bool>("() => window.labelDropped"),
            $"The label \"{field}\" started to drop back over its value as the field was left by Tab.");
    }

    /// <summary>
    /// Fails unless the machine has a font with Chinese glyphs: without one, chromium draws every Chinese character as
    /// the same missing-glyph box, and the Chinese screens' layout checks and screenshots would measure boxes instead of
    /// text (test.sh installs fonts-wqy-microhei).
    /// </summary>
    public static void RequireChineseFont()
    {
        var fcList = new System.Diagnostics.ProcessStartInfo("fc-list", [":lang=zh", "family"]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(fcList)!;
        string fonts = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(fonts.Trim().Length > 0,
            "No font with Chinese glyphs is installed (fc-list :lang=zh lists none): the Chinese screens would be drawn as boxes. Install fonts-wqy-microhei, as test.sh does.");
    }
}
