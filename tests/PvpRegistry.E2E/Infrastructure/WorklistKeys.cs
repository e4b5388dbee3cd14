using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data;

namespace PvpRegistry.E2E.Infrastructure;

/// <summary>Moving around the nurse's worklist by keyboard, as a nurse does.</summary>
public static class WorklistKeys
{
    /// <summary>Moves the keyboard focus row by row (Tab into the list, then J/K) to the row of the patient's visit.</summary>
    public static async Task FocusRowAsync(IPage page, string studyId, string visit)
    {
        const string activeRow = "[...document.querySelectorAll('[data-testid=worklist-row]')].indexOf(document.activeElement)";
        for (int i = 0; i < 400; i++)
        {
            var pos = await page.EvaluateAsync<int[]>($$"""
                () => { const rows = [...document.querySelectorAll('[data-testid=worklist-row]')];
                        return [rows.indexOf(document.activeElement), rows.findIndex(r => r.dataset.study === '{{studyId}}' && r.dataset.visit === '{{visit}}')]; }
                """);
            if (pos[1] < 0) throw new InvalidOperationException($"{studyId} {visit} is not on the worklist.");
            if (pos[0] == pos[1]) return;
            // No row has the focus (e.g. after Esc closed a panel): Tab moves it in the browser, without a round trip, and
            // may first land on the app bar's buttons, so keep tabbing until a row has it.
            if (pos[0] < 0) { await page.Keyboard.PressAsync("Tab"); continue; }
            await page.Keyboard.PressAsync(pos[0] < pos[1] ? "j" : "k");
            // The server moves the focus after a round trip: wait for it before the next key, as a nurse's eyes would,
            // so a key is never sent to the row the focus is just leaving. Up to 15 s, as every expectation of this suite:
            // beside the other suites on two cores a round trip can take seconds.
            await page.WaitForFunctionAsync($"() => {activeRow} !== {pos[0]}", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        }
        throw new InvalidOperationException("Could not reach the row by keyboard.");
    }

    /// <summary>
    /// The nurse's death entry on her worklist, up to (not including) Enter: to the row by keyboard, V for vital status,
    /// "d" picks "Died on", Tab to the date (empty: never filled in silently), Alt+T for today, Tab to the cause, type it.
    /// Returns the date the form shows.
    /// </summary>
    public static async Task<string> TypeDeathTodayAsync(IPage nurse, string studyId, string visit, string cause)
    {
        await FocusRowAsync(nurse, studyId, visit);
        await nurse.Keyboard.PressAsync("v");
        await Assertions.Expect(nurse.Locator("#entry-vital-kind")).ToBeFocusedAsync();
        await nurse.Keyboard.PressAsync("d");
        await Assertions.Expect(nurse.GetByTestId("death-cause")).ToBeVisibleAsync();
        await nurse.Keyboard.PressAsync("Tab");
        await Assertions.Expect(nurse.GetByTestId("vital-date").Locator("input")).ToHaveValueAsync("");
        await nurse.Keyboard.PressAsync("Alt+t");
        await Assertions.Expect(nurse.GetByTestId("vital-date").Locator("input")).Not.ToHaveValueAsync("");
        string today = await nurse.GetByTestId("vital-date").Locator("input").InputValueAsync();
        await nurse.Keyboard.PressAsync("Tab");
        await Assertions.Expect(nurse.GetByTestId("death-cause")).ToBeFocusedAsync();
        await nurse.Keyboard.TypeAsync(cause);
        return today;
    }

    /// <summary>The visit of <paramref name="studyId"/>'s row on the nurse's open worklist, once the row is shown.</summary>
    public static async Task<string> VisitOnTheWorklistAsync(IPage nurse, string studyId)
    {
        var row = nurse.Locator($"[data-testid=worklist-row][data-study='{studyId}']").First;
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 30_000 });
        return (await row.GetAttributeAsync("data-visit"))!;
    }
}
