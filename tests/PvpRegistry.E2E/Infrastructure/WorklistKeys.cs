using Microsoft.Playwright;

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
            await page.Keyboard.PressAsync(pos[0] < 0 ? "Tab" : pos[0] < pos[1] ? "j" : "k");
            // The server moves the focus after a round trip: wait for it before the next key, as a nurse's eyes would,
            // so a key is never sent to the row the focus is just leaving.
            await page.WaitForFunctionAsync($"() => {activeRow} !== {pos[0]}", null, new PageWaitForFunctionOptions { Timeout = 5000 });
        }
        throw new InvalidOperationException("Could not reach the row by keyboard.");
    }
}
