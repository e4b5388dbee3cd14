namespace PvpRegistry.Core;

/// <summary>The registry's roles; one person may hold several.</summary>
public static class Roles
{
    public const string Nurse = "Nurse";
    public const string Surgeon = "Surgeon";
    public const string Researcher = "Researcher";
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [Nurse, Surgeon, Researcher, Admin];
}
