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

    /// <summary>
    /// How often an open page (circuit) re-checks its account: disabled, reset, a changed role or password, or a sign-out
    /// elsewhere end it at the next check. Requests with the cookie are checked every time.
    /// </summary>
    public int CircuitRevalidationSeconds { get; set; } = 60;
}
