using PvpRegistry.Core;

namespace PvpRegistry.Data.Users;

/// <summary>
/// The one rule for an e-mail address a person gives (a user's address, the reminder coordinator): a single
/// plain address local@domain, without a display name; "not-an-email" or "nurse@" is refused.
/// </summary>
public static class EmailAddressRule
{
    /// <summary>Why the address cannot be used (code <c>email_invalid</c>), or null when it can (an empty address is for the caller to allow or not).</summary>
    public static RegistryMessage? Problem(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return null;
        var text = email.Trim();
        bool plain = MimeKit.MailboxAddress.TryParse(text, out var mailbox)
                     && string.IsNullOrEmpty(mailbox.Name)
                     && mailbox.LocalPart.Length > 0 && mailbox.Domain.Length > 0
                     && string.Equals(mailbox.Address, text, StringComparison.Ordinal);
        return plain ? null : new RegistryMessage("email_invalid", text);
    }
}
