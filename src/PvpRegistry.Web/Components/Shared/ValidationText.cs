namespace PvpRegistry.Web.Components.Shared;

/// <summary>The messages of the clinical checks and record rules, keyed by their stable code (ValidationText.resx, one file per language).</summary>
public sealed class ValidationText;
