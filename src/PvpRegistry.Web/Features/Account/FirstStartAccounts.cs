using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Demo;
using PvpRegistry.Data.Users;

namespace PvpRegistry.Web.Features.Account;

public record DemoCredential(string UserName, string Password, string Role);

/// <summary>
/// On first start (no accounts): an admin with a random one-time password, printed once to the
/// console and never shown on a page. With the demo cohort loaded, also one demo account for each
/// demo role (nurse, surgeon, researcher); their credentials are shown on the login page, marked as
/// demo, until real data is entered (<see cref="DemoCohort.RetireDemoAccountsAsync"/>).
/// </summary>
public class FirstStartAccounts(UserAccounts accounts, UserManager<RegistryUser> users, IDbContextFactory<RegistryDbContext> dbFactory, ILogger<FirstStartAccounts> logger)
{
    public const string DemoCredentialsSetting = DemoCohort.CredentialsSetting;

    public async Task EnsureAsync(bool demo)
    {
        await accounts.EnsureRolesAsync();
        if (await users.Users.AnyAsync()) return;

        var admin = await accounts.CreateAsync("admin", "Administrator", null, [Roles.Admin], "system");
        if (!admin.Succeeded) throw new InvalidOperationException("Could not create the first admin account: " + string.Join("; ", admin.Errors));
        // Printed once, straight to the console (not into the structured log, which may be shipped elsewhere).
        Console.WriteLine();
        Console.WriteLine("  First start: created the admin account.");
        Console.WriteLine($"    user: admin    one-time password: {admin.OneTimePassword}");
        Console.WriteLine("  Sign in and choose a new password; this password is not shown again.");
        Console.WriteLine();
        logger.LogInformation("Created the first admin account 'admin' with a one-time password (printed to the console)");

        if (!demo) return;
        var credentials = new List<DemoCredential>();
        foreach (var (name, display, role) in new[] { ("nurse", "Demo Nurse", Roles.Nurse), ("surgeon", "Demo Surgeon", Roles.Surgeon), ("researcher", "Demo Researcher", Roles.Researcher) })
        {
            var created = await accounts.CreateAsync(name, display, null, [role], "system", mustChangePassword: false);
            if (created.Succeeded) credentials.Add(new(name, created.OneTimePassword!, role));
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        db.Settings.Add(new RegistrySetting { Key = DemoCredentialsSetting, Value = JsonSerializer.Serialize(credentials) });
        await db.SaveChangesAsync();
    }

    public async Task<List<DemoCredential>> DemoCredentialsAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var setting = await db.Settings.FindAsync(DemoCredentialsSetting);
        // The admin's password is never listed (databases made before this rule may still hold it).
        return setting is null ? [] : (JsonSerializer.Deserialize<List<DemoCredential>>(setting.Value) ?? []).Where(c => c.Role != Roles.Admin).ToList();
    }

    /// <summary>A password shown on the login page in demo mode is no longer shown once its owner has changed it.</summary>
    public async Task ForgetDemoCredentialAsync(string userName)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var setting = await db.Settings.FindAsync(DemoCredentialsSetting);
        if (setting is null) return;
        var remaining = (JsonSerializer.Deserialize<List<DemoCredential>>(setting.Value) ?? []).Where(c => c.UserName != userName).ToList();
        setting.Value = JsonSerializer.Serialize(remaining);
        await db.SaveChangesAsync();
    }
}
