using System.Text.RegularExpressions;

namespace PvpRegistry.Core;

/// <summary>
/// The reasons the registry itself writes in the audit trail (not a person): each a coded message
/// (<c>MessageText.resx</c>), stored with <see cref="AuditEntry.Because"/> and worded for each reader in their language.
/// </summary>
public static class AuditReasons
{
    public static RegistryMessage WindowPassed(int graceDays) => new("audit_window_passed", graceDays);

    /// <summary>"Start empty" removed the demo cohort; <paramref name="typed"/> is the admin's reason (asked once real data was saved), kept as typed.</summary>
    public static RegistryMessage DemoCleared(string? typed) =>
        string.IsNullOrWhiteSpace(typed) ? new("audit_start_empty") : new("audit_start_empty_because", typed.Trim());

    public static RegistryMessage DemoAccountAfterStartEmpty { get; } = new("audit_demo_account_start_empty");

    public static RegistryMessage DemoAccountAfterPatientCreated(string studyId) => new("audit_demo_account_patient_created", studyId);

    public static RegistryMessage DemoAccountAfterImport(int patients) => new("audit_demo_account_imported", patients);

    /// <summary>A demo account disabled for another cause: recognises the English lines written before the causes were coded.</summary>
    public static RegistryMessage DemoAccount(string cause) => new("audit_demo_account", cause);

    public static RegistryMessage RestoreKeptReplaced(string safetyCopy) => new("audit_restore_kept", safetyCopy);

    public static RegistryMessage AccountDisabled { get; } = new("audit_account_disabled");
    public static RegistryMessage LockedOut { get; } = new("audit_locked_out");
    public static RegistryMessage WrongCredentials { get; } = new("audit_wrong_credentials");
    public static RegistryMessage WrongCurrentPassword { get; } = new("audit_wrong_current_password");
    public static RegistryMessage IdleTimeout { get; } = new("audit_idle_timeout");

    /// <summary>What an export or a study report held: "{0} patients".</summary>
    public static RegistryMessage Patients(int count) => new("audit_patients", count);

    public static RegistryMessage PatientSummary { get; } = new("audit_patient_summary");

    /// <summary>
    /// The codes, in the order an English text is recognised by (a text without values before the one with a value that
    /// would match it too: "Start empty: synthetic demo cohort removed" before "Start empty: {0}").
    /// </summary>
    private static readonly string[] Codes =
    [
        "audit_window_passed", "audit_start_empty", "audit_start_empty_because", "audit_demo_account_start_empty",
        "audit_demo_account_patient_created", "audit_demo_account_imported", "audit_demo_account", "audit_restore_kept",
        "audit_account_disabled", "audit_locked_out", "audit_wrong_credentials", "audit_wrong_current_password",
        "audit_idle_timeout", "audit_patients", "audit_patient_summary",
    ];

    private static readonly Lazy<(string Code, Regex English)[]> Patterns = new(() => Codes
        .Select(code => (code, new Regex("^" + Regex.Replace(Regex.Escape(RegistryMessage.EnglishText(code)), @"\\\{\d+}", "(.+)") + "$",
            RegexOptions.CultureInvariant | RegexOptions.Singleline)))
        .ToArray());

    /// <summary>
    /// The coded reason of a line written before reasons were coded, recognised by its stored English; null for a
    /// person's words. The clinical lines (created, updated, voided) hold a person's reason unless the registry's job
    /// saved them; the other lines (sign-in, export, restore, demo) only ever hold the registry's.
    /// </summary>
    public static RegistryMessage? Recognise(AuditEntry line)
    {
        if (line.Reason is not { } text) return null;
        if (line.Action is "created" or "updated" or "voided" && line.User != PassedWindows.ClosedBy) return null;
        foreach (var (code, english) in Patterns.Value)
            if (english.Match(text) is { Success: true } match)
                return new(code, match.Groups.Values.Skip(1).Select(g => g.Value).ToArray<object>());
        return null;
    }

    /// <summary>The reason of a line as a coded message when the registry wrote it (stored coded, or recognised); null for a person's words.</summary>
    public static RegistryMessage? Coded(AuditEntry line) => line.CodedReason() ?? Recognise(line);
}
