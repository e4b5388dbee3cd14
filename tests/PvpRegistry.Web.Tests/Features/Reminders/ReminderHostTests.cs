using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Demo;
using PvpRegistry.Data.Reminders;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Reminders;

/// <summary>The reminder scheduler inside the real host, and the admin's reminder settings page.</summary>
public class ReminderHostTests(ReminderHostTests.SmtpConfiguredRegistry factory) : IClassFixture<ReminderHostTests.SmtpConfiguredRegistry>
{
    public sealed class SmtpConfiguredRegistry : RegistryWebFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Reminders:Smtp:Host", "127.0.0.1");
            builder.UseSetting("Reminders:Smtp:Password", "pw-never-shown-4711");
        }
    }

    private readonly SmtpConfiguredRegistry _factory = factory;

    [Fact]
    public async Task The_start_up_run_raises_reminders_for_the_demo_cohorts_recently_operated_patients_once()
    {
        var run = _factory.Services.GetRequiredService<ReminderRun>();
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = _factory.Services.GetRequiredService<ReminderScheduler>();
        scheduler.Ran += _ => ran.TrySetResult();
        // Subscribed before looking, so a run that ends after the look is still seen.
        if (await run.LastRunAsync() is null) await ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(await run.LastRunAsync());

        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        int count = await db.Reminders.CountAsync();
        // The history's unrecorded visits were closed as "window passed" at load: the reminders are the recent patients' work.
        var recent = DemoCohort.RecentPatients(_factory.Services.GetRequiredService<RegistryClock>().Today, FollowUpSchedule.Default).Select(p => p.StudyId).ToList();
        Assert.True(await db.Reminders.CountAsync(r => recent.Contains(r.Visit!.Patient!.StudyId)) > 0);
        Assert.Equal(count, await db.Reminders.CountAsync(r => recent.Contains(r.Visit!.Patient!.StudyId)));
        Assert.Empty((await run.RunAsync(_factory.Services.GetRequiredService<RegistryClock>().Today)).Created);
        Assert.Equal(count, await db.Reminders.CountAsync());
    }

    [Fact]
    public async Task Only_an_admin_reaches_the_reminder_settings_and_the_smtp_password_is_never_shown()
    {
        var nurse = await _factory.SignedInAsync(Roles.Nurse);
        var denied = await nurse.GetAsync("/admin/reminders");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Equal("/account/access-denied", denied.Headers.Location!.AbsolutePath);

        var admin = await _factory.SignedInAsync(Roles.Admin);
        var response = await admin.GetAsync("/admin/reminders");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Reminder settings", html);
        Assert.Contains("password configured", html);
        Assert.DoesNotContain("pw-never-shown-4711", html);
    }
}
