using Microsoft.Playwright;

namespace PvpRegistry.E2E.Infrastructure;

/// <summary>Moving around the nurse's worklist by keyboard, as a nurse does.</summary>
public static class WorklistKeys
{
    /// <summary>Moves the keyboard focus row by row (Tab into the list, then J/K) to the row of the patient's visit.</summary>
    public static async Task FocusRowAsync(IPage page, string studyId, string visit)
    {
        for (int i = 0; i < 400; i++)
        {
            var pos = await page.EvaluateAsync<int[]>($$"""
                () => { const rows = [...document.querySelectorAll('[data-testid=worklist-row]')];
                        return [rows.indexOf(document.activeElement), rows.findIndex(r => r.dataset.study === '{{studyId}}' && r.dataset.visit === '{{visit}}')]; }
                """);
            if (pos[1] < 0) throw new InvalidOperationException($"{studyId} {visit} is not on the worklist.");
            if (pos[0] == pos[1]) return;
            if (pos[0] < 0) await page.Keyboard.PressAsync("Tab");
            else await page.Keyboard.PressAsync(pos[0] < pos[1] ? "j" : "k");
        }
        throw new InvalidOperationException("Could not reach the row by keyboard.");
    }
}
