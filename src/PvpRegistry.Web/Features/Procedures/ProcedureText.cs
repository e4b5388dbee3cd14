namespace PvpRegistry.Web.Features.Procedures;

/// <summary>The texts of the procedure form and of the procedure's save messages (ProcedureText.resx, one file per language).</summary>
public sealed class ProcedureText;
