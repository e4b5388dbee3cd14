using Microsoft.AspNetCore.Identity;

namespace PvpRegistry.Data;

/// <summary>A person who signs in to the registry; roles are Identity roles named in <see cref="Core.Roles"/>.</summary>
public class RegistryUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Set for new and reset accounts: the user must choose a password at the next sign-in.</summary>
    public bool MustChangePassword { get; set; }
    public bool IsDisabled { get; set; }

    /// <summary>Receives the daily reminder digest by e-mail.</summary>
    public bool ReceivesReminderDigest { get; set; }

    /// <summary>The language the user chose for the screens and e-mails (<c>en</c>, <c>zh-CN</c>); null: the browser's language.</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(LanguageMaxLength)]
    public string? Language { get; set; }

    public const int LanguageMaxLength = 16;
}
