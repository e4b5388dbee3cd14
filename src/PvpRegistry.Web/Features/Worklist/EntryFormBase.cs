using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using PvpRegistry.Core;
using PvpRegistry.Web.Components.Shared;

namespace PvpRegistry.Web.Features.Worklist;

/// <summary>
/// What the entry panel's four forms share: the visit they record for, the signed-in user, the save with its refusals
/// shown by <see cref="ServerValidation"/>, and the callbacks to the panel. A form's fields are reset from the visit each
/// time the panel hands it a newly loaded one (after someone else saved, the current values are shown).
/// </summary>
public abstract class EntryFormBase : ComponentBase
{
    [Parameter, EditorRequired] public VisitEntry Entry { get; set; } = null!;
    [Parameter, EditorRequired] public ClaimsPrincipal User { get; set; } = new();
    [Parameter] public EventCallback<string> OnSaved { get; set; }
    [Parameter] public EventCallback OnCancel { get; set; }

    /// <summary>Someone else saved the record first: the panel loads it again; the form then shows the message.</summary>
    [Parameter] public EventCallback OnConflict { get; set; }

    /// <summary>A save was refused: the panel, grown by the messages, is brought into view again (Save and the date with it).</summary>
    [Parameter] public EventCallback OnRefused { get; set; }

    [Inject] protected ScoreEntryService Service { get; set; } = null!;
    [Inject] protected RegistryText Texts { get; set; } = null!;

    protected ServerValidation? Server;
    protected bool Saving;

    /// <summary>Why the last save was refused as a whole (someone else saved first), kept across the reload of the fields.</summary>
    protected string? Conflict;
    private VisitEntry? _shown;

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(Entry, _shown)) return;
        _shown = Entry;
        Reset();
    }

    /// <summary>Alt+T: puts today's date into the form's date when it is empty (a date is never filled in without a key).</summary>
    public virtual void FillToday() { }

    /// <summary>Fills the fields from <see cref="Entry"/>.</summary>
    protected abstract void Reset();

    /// <summary>
    /// Runs a save: nothing while a date cannot be read; a message from the service goes to the panel, a refusal is shown
    /// beside the fields. <paramref name="save"/> returns null when its own checks (marked with Server.Add) stop it.
    /// </summary>
    protected async Task SaveAsync(Func<Task<string?>> save)
    {
        if (Saving || Server is null) return;
        Saving = true;
        Server.Clear();
        Conflict = null;
        try
        {
            if (Server.HasProblems) { Server.Show([]); return; }
            var message = await save();
            if (message is not null) await OnSaved.InvokeAsync(message);
        }
        catch (ClinicalValidationException ex) { Server.Show(ex.Problems); }
        catch (RecordChangedException ex)
        {
            await OnConflict.InvokeAsync();
            Conflict = ex.Message;
        }
        catch (UnauthorizedAccessException ex) { Server.ShowMessage(Texts.Error(ex)); }
        finally
        {
            Saving = false;
            if (Server.HasProblems) await OnRefused.InvokeAsync();
        }
    }

    protected static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
