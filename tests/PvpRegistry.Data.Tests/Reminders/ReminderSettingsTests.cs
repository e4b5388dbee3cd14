using PvpRegistry.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PvpRegistry.Data.Reminders;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.Reminders;

/// <summary>The admin's run-time overrides of the reminder configuration, and the per-user digest opt-in.</summary>
public class ReminderSettingsTests
{
    [Fact]
    public async Task Admin_overrides_replace_the_configuration_are_audited_and_can_be_removed()
    {
        await using var registry = await TestRegistry.CreateAsync(new FakeTimeProvider(TestRegistry.DefaultNow), new Dictionary<string, string?>
        {
            ["Reminders:RunAt"] = "06:30", ["Reminders:Smtp:Host"] = "smtp.configured.example", ["Reminders:Smtp:Password"] = "from-secrets",
        });
        var settings = registry.Get<ReminderSettings>();
        Assert.Equal("06:30", (await settings.CurrentAsync()).RunAt);

        await settings.SaveAsync(new ReminderOverrides("08:15", "coord@registry.example", true, "smtp.override.example", 2525, SmtpTlsMode.SslOnConnect, "registry@registry.example"), "admin.a");
        var current = await settings.CurrentAsync();
        Assert.Equal(new TimeOnly(8, 15), current.RunAtTime);
        Assert.Equal("coord@registry.example", current.Coordinator);
        Assert.True(current.IncludeIdentifiers);
        Assert.Equal(("smtp.override.example", 2525, SmtpTlsMode.SslOnConnect, "from-secrets"), (current.Smtp.Host, current.Smtp.Port, current.Smtp.TlsMode, current.Smtp.Password));
        await using (var db = registry.NewContext())
        {
            var audit = await db.AuditTrail.Where(a => a.Action == "setting_changed").ToListAsync();
            Assert.Equal(7, audit.Count);
            Assert.All(audit, a => Assert.Equal("admin.a", a.User));
            Assert.DoesNotContain(audit, a => a.NewValue == "from-secrets");
        }

        await settings.SaveAsync(new ReminderOverrides(null, null, null, null, null, null, null), "admin.a");
        Assert.Equal("06:30", (await settings.CurrentAsync()).RunAt);
        Assert.Equal("smtp.configured.example", (await settings.CurrentAsync()).Smtp.Host);

        await Assert.ThrowsAsync<RefusedException>(() => settings.SaveAsync(new ReminderOverrides("25:99", null, null, null, null, null, null), "admin.a"));
        await Assert.ThrowsAsync<RefusedException>(() => settings.SaveAsync(new ReminderOverrides(null, "not an address", null, null, null, null, null), "admin.a"));
    }

    [Fact]
    public async Task A_user_opts_in_to_the_digest_only_with_an_address()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await using (var db = registry.NewContext())
        {
            db.Users.Add(new RegistryUser { Id = "n1", UserName = "nurse.b", NormalizedUserName = "NURSE.B", SecurityStamp = "s" });
            await db.SaveChangesAsync();
        }
        var settings = registry.Get<ReminderSettings>();
        await Assert.ThrowsAsync<RefusedException>(() => settings.SetOptInAsync("nurse.b", null, true, "admin.a"));
        await settings.SetOptInAsync("nurse.b", "nurse.b@registry.example", true, "admin.a");
        var row = Assert.Single(await settings.RecipientsAsync());
        Assert.Equal(("nurse.b@registry.example", true), (row.Email, row.ReceivesDigest));
    }
}
