namespace PvpRegistry.Web.Features.Worklist;

/// <summary>The texts of the worklist and its entry panel, and the messages of the nurse's saves (WorklistText.resx, one file per language).</summary>
public sealed class WorklistText;
