using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PvpRegistry.Core;

namespace PvpRegistry.Data.Users;

/// <summary>
/// Why an account action was refused: a code with its arguments, which a screen renders in the user's language, and the
/// English text <c>pvp user</c> prints. Identity's own errors keep its code, prefixed "Identity.".
/// </summary>
public record AccountError(string Code, string Text, params object[] Arguments)
{
    public static AccountError FromIdentity(IdentityError error) => new(IdentityPrefix + error.Code, error.Description);

    public const string IdentityPrefix = "Identity.";

    public override string ToString() => Text;
}

public record AccountResult(bool Succeeded, string? OneTimePassword, IReadOnlyList<AccountError> Problems)
{
    /// <summary>The problems in English, as the command line prints them.</summary>
    public IReadOnlyList<string> Errors => Problems.Select(p => p.Text).ToList();

    public static AccountResult Fail(params AccountError[] problems) => new(false, null, problems);

    public static AccountResult Fail(IdentityResult result) => new(false, null, result.Errors.Select(AccountError.FromIdentity).ToList());

    public static AccountResult NoAccount(string userName) => Fail(new AccountError("NoAccount", new RegistryMessage("no_account", userName).English, userName));
}

public record UserSummary(string Id, string UserName, string DisplayName, string? Email, IReadOnlyList<string> Roles, bool IsDisabled, bool MustChangePassword, DateTimeOffset? LockoutEnd);

/// <summary>
/// Creating, resetting, disabling accounts and assigning roles, with each action audited.
/// Used by the admin pages and by `pvp user`. Passwords are random and one-time: the user must change them at first sign-in.
/// </summary>
public class UserAccounts(UserManager<RegistryUser> users, RoleManager<IdentityRole> roles, IDbContextFactory<RegistryDbContext> dbFactory, TimeProvider time, IOptions<SecurityOptions> security)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
    }

    public async Task<AccountResult> CreateAsync(string userName, string displayName, string? email, IEnumerable<string> roleNames, string actor, bool mustChangePassword = true)
    {
        var wanted = roleNames.Distinct().ToList();
        var unknown = wanted.Where(r => !Roles.All.Contains(r)).ToList();
        if (unknown.Count > 0) return UnknownRole(unknown);
        if (wanted.Count == 0) return AccountResult.Fail(new AccountError("NoRole", "Give the account at least one role."));
        if (userName.Length > ClinicalLimits.UserMaxLength || (email?.Length ?? 0) > ClinicalLimits.UserMaxLength)
            return AccountResult.Fail(new AccountError("UserNameTooLong", $"A user name and an e-mail address have at most {ClinicalLimits.UserMaxLength} characters.", ClinicalLimits.UserMaxLength));
        if (displayName.Length > ClinicalLimits.NameMaxLength) return AccountResult.Fail(new AccountError("FullNameTooLong", $"A full name has at most {ClinicalLimits.NameMaxLength} characters.", ClinicalLimits.NameMaxLength));
        if (EmailAddressRule.Problem(email) is { } emailProblem) return AccountResult.Fail(new AccountError("EmailInvalid", emailProblem.English, email!.Trim()));
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        await EnsureRolesAsync();
        var user = new RegistryUser { UserName = userName, DisplayName = displayName, Email = email, MustChangePassword = mustChangePassword, LockoutEnabled = true };
        var password = NewPassword();
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return AccountResult.Fail(created);
        var added = await users.AddToRolesAsync(user, wanted);
        if (!added.Succeeded) return AccountResult.Fail(added);
        await AuditAsync(actor, "user_created", user.UserName!, "Roles", null, string.Join(",", wanted));
        return new(true, password, []);
    }

    public async Task<AccountResult> ResetPasswordAsync(string userName, string actor)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null) return AccountResult.NoAccount(userName);
        var password = NewPassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded) return AccountResult.Fail(reset);
        user.MustChangePassword = true;
        await users.UpdateAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await AuditAsync(actor, "password_reset", user.UserName!, null, null, null);
        return new(true, password, []);
    }

    public async Task<AccountResult> SetRolesAsync(string userName, IEnumerable<string> roleNames, string actor)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null) return AccountResult.NoAccount(userName);
        var wanted = roleNames.Distinct().ToList();
        var unknown = wanted.Where(r => !Roles.All.Contains(r)).ToList();
        if (unknown.Count > 0) return UnknownRole(unknown);
        await EnsureRolesAsync();
        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && !wanted.Contains(Roles.Admin) && await IsLastActiveAdminAsync(user))
            return AccountResult.Fail(new AccountError("LastAdminKeepsRole", $"'{user.UserName}' is the only active admin and keeps the Admin role: give another account the Admin role first.", user.UserName!));
        await users.RemoveFromRolesAsync(user, current.Except(wanted));
        await users.AddToRolesAsync(user, wanted.Except(current));
        await users.UpdateSecurityStampAsync(user);
        await AuditAsync(actor, "role_change", user.UserName!, "Roles", string.Join(",", current.Order()), string.Join(",", wanted.Order()));
        return new(true, null, []);
    }

    public async Task<AccountResult> SetDisabledAsync(string userName, bool disabled, string actor)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null) return AccountResult.NoAccount(userName);
        if (user.IsDisabled == disabled) return new(true, null, []);
        if (disabled && await IsLastActiveAdminAsync(user))
            return AccountResult.Fail(new AccountError("LastAdminStaysEnabled", $"'{user.UserName}' is the only active admin and cannot be disabled: give another account the Admin role first.", user.UserName!));
        user.IsDisabled = disabled;
        await users.UpdateAsync(user);
        // A new security stamp ends the user's open sessions at the next revalidation.
        await users.UpdateSecurityStampAsync(user);
        await AuditAsync(actor, disabled ? "user_disabled" : "user_enabled", user.UserName!, "IsDisabled", (!disabled).ToString(), disabled.ToString());
        return new(true, null, []);
    }

    /// <summary>Stores the language the user chose (audited like the other account changes); the caller checks it is one the registry offers.</summary>
    public async Task<AccountResult> SetLanguageAsync(string userName, string language, string actor)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null) return AccountResult.NoAccount(userName);
        if (user.Language == language) return new(true, null, []);
        var before = user.Language;
        user.Language = language;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return AccountResult.Fail(updated);
        await AuditAsync(actor, "language_change", user.UserName!, "Language", before, language);
        return new(true, null, []);
    }

    private static AccountResult UnknownRole(IReadOnlyList<string> unknown) => AccountResult.Fail(new AccountError("UnknownRole",
        $"Unknown role {string.Join(", ", unknown)} (roles: {string.Join(", ", Roles.All)}).", string.Join(", ", unknown), string.Join(", ", Roles.All)));

    /// <summary>Whether the user is an enabled admin and no other enabled admin exists: disabling them or taking the role would lock everyone out.</summary>
    private async Task<bool> IsLastActiveAdminAsync(RegistryUser user)
    {
        if (user.IsDisabled || !await users.IsInRoleAsync(user, Roles.Admin)) return false;
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        return !admins.Any(a => a.Id != user.Id && !a.IsDisabled);
    }

    public async Task<List<UserSummary>> ListAsync()
    {
        var all = await users.Users.OrderBy(u => u.UserName).ToListAsync();
        var result = new List<UserSummary>();
        foreach (var u in all)
            result.Add(new(u.Id, u.UserName!, u.DisplayName, u.Email, (await users.GetRolesAsync(u)).Order().ToList(), u.IsDisabled, u.MustChangePassword, u.LockoutEnd));
        return result;
    }

    /// <summary>A random password that satisfies the policy (upper, lower, digit, symbol; at least the minimum length).</summary>
    public string NewPassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "-_.!#%+";
        const string all = upper + lower + digits + symbols;
        int length = Math.Max(16, security.Value.PasswordMinLength);
        var chars = new char[length];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        for (int i = 4; i < length; i++) chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    /// <summary>Audits an account action or a download; <paramref name="reason"/> is the registry's own (coded, worded for each reader).</summary>
    public async Task AuditAsync(string actor, string action, string userName, string? field, string? oldValue, string? newValue, RegistryMessage? reason = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var line = new AuditEntry
        {
            AtUtc = time.GetUtcNow().UtcDateTime, User = actor, Action = action, Entity = "User", RecordKey = userName,
            Field = field, OldValue = oldValue, NewValue = newValue,
        };
        db.AuditTrail.Add(reason is null ? line : line.Because(reason));
        await db.SaveChangesAsync();
    }
}

public static class IdentitySetup
{
    /// <summary>Identity's user and role stores on the registry database, with the password and lockout policy.</summary>
    public static IdentityBuilder AddRegistryIdentityCore(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section);
        services.AddScoped<UserAccounts>();
        var builder = services.AddIdentityCore<RegistryUser>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<RegistryDbContext>()
            .AddDefaultTokenProviders();
        services.AddOptions<IdentityOptions>().Configure<IOptions<SecurityOptions>>((o, security) =>
        {
            o.Password.RequiredLength = security.Value.PasswordMinLength;
            o.Lockout.MaxFailedAccessAttempts = security.Value.MaxFailedSignIns;
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(security.Value.LockoutMinutes);
        });
        return builder;
    }
}
