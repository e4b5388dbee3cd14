namespace PvpRegistry.Data.Users;

/// <summary>Configuration section "Security": sign-in policy.</summary>
public class SecurityOptions
{
    public const string Section = "Security";

    public int PasswordMinLength { get; set; } = 12;
    public int MaxFailedSignIns { get; set; } = 5;
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>A signed-in session ends after this long without activity.</summary>
    public int IdleTimeoutMinutes { get; set; } = 20;
}
