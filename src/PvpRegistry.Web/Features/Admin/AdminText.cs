namespace PvpRegistry.Web.Features.Admin;

/// <summary>The texts of the administrator's pages: users and roles, reminder settings, start empty and the audit log (AdminText.resx, one file per language).</summary>
public sealed class AdminText;
