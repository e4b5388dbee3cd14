using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Reminders;
using PvpRegistry.Reports.Tests;
using PvpRegistry.Web.Features.Patients;
using PvpRegistry.Web.Features.Reports;
using PvpRegistry.Web.Features.Worklist;
using PvpRegistry.Web.Tests.Infrastructure;
using static PvpRegistry.Web.Tests.Infrastructure.TestPeople;

namespace PvpRegistry.Web.Tests.Features.Patients;

/// <summary>
/// A registry in Shanghai (UTC+8) at 07:30 on 2 December, which is still 1 December in UTC: what happened this morning
/// is dated this morning on the timeline, as the worklist and the rules date it, and its reminders read as the bell reads them.
/// </summary>
public class RegistryDayTests(RegistryDayTests.ShanghaiMorning registry) : IClassFixture<RegistryDayTests.ShanghaiMorning>
{
    public sealed class ShanghaiMorning : RegistryWebFactory
    {
        /// <summary>23:30 UTC on 1 December: 07:30 on 2 December in Shanghai.</summary>
        public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.Zero));

        public ShanghaiMorning() => SeedDemoData = false;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("FollowUp:TimeZone", "Asia/Shanghai");
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
        }
    }

    private static readonly DateOnly ThisMorning = new(2026, 12, 2);

    [Fact]
    public async Task This_mornings_call_missed_visit_and_reminders_are_dated_this_morning_and_a_done_visits_reminder_reads_resolved_as_on_the_bell()
    {
        var services = registry.Services;
        Assert.Equal(ThisMorning, services.GetRequiredService<RegistryClock>().Today);
        Assert.Equal(new DateOnly(2026, 12, 1), DateOnly.FromDateTime(registry.Time.GetUtcNow().UtcDateTime)); // the UTC day is another

        // Operated 40 days ago: before surgery, day 1 and 1 month are overdue, and their reminders were raised with the schedule.
        var (patientId, _, month1) = await TreatedPatientAsync(services, 40, VisitCode.Month1);
        var entry = services.GetRequiredService<ScoreEntryService>();
        int day1;
        await using (var db = await services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync())
            day1 = await db.Visits.Where(v => v.PatientId == patientId && v.Code == VisitCode.Day1).Select(v => v.Id).SingleAsync();

        // This morning: a call about the 1-month visit, then that visit marked missed, and the day-1 scores entered late.
        await entry.AddContactAttemptAsync(Nurse(), month1, new ContactInput(ContactOutcome.NoAnswer, null));
        await entry.MarkMissedAsync(Nurse(), month1, (await entry.LoadAsync(Nurse(), month1))!.VisitVersion, MissedReason.Unreachable, null);
        await entry.RecordAssessmentAsync(Nurse(), day1, (await entry.LoadAsync(Nurse(), day1))!.VisitVersion,
            new AssessmentInput(3m, 70, ThisMorning.AddDays(-39), AssessmentSource.Clinic));

        var timeline = (await services.GetRequiredService<PatientTimelineService>().LoadAsync(Nurse(), patientId))!;
        var contact = Assert.Single(timeline.Events, e => e.Kind == TimelineKind.Contact);
        Assert.Equal(ThisMorning, contact.Date);
        var missed = Assert.Single(timeline.Events, e => e.Kind == TimelineKind.Missed);
        Assert.Equal(ThisMorning, missed.Date);

        // The bell keeps only the visit still to be done; the timeline calls the same reminders open and the others resolved.
        var bell = (await services.GetRequiredService<ReminderInbox>().OpenAsync()).Where(r => r.PatientId == patientId).ToList();
        Assert.Equal([VisitCode.Preop], bell.Select(r => r.Visit).ToArray());
        var reminders = timeline.Events.Where(e => e.Kind == TimelineKind.Reminder).ToList();
        Assert.Equal(3, reminders.Count);
        Assert.All(reminders, r => Assert.Equal(ThisMorning, r.Date));
        Assert.Equal("open", Assert.Single(reminders, r => r.Title.Contains("Before surgery", StringComparison.Ordinal)).Detail);
        Assert.Equal("resolved", Assert.Single(reminders, r => r.Title.Contains("Day 1", StringComparison.Ordinal)).Detail);
        Assert.Equal("resolved", Assert.Single(reminders, r => r.Title.Contains("1 month", StringComparison.Ordinal)).Detail);
    }

    [Fact]
    public async Task The_study_report_judges_follow_up_completeness_on_the_registrys_day_and_its_caption_says_which()
    {
        var services = registry.Services;
        // Operated on 28 November and scored before surgery: the day-1 window ends on 1 December, the UTC day, and the
        // visit is overdue on the registry's day. The completeness figure is judged on 2 December, as the dashboards are.
        var (_, _, preop) = await TreatedPatientAsync(services, 4, VisitCode.Preop);
        var entry = services.GetRequiredService<ScoreEntryService>();
        await entry.RecordAssessmentAsync(Nurse(), preop, (await entry.LoadAsync(Nurse(), preop))!.VisitVersion,
            new AssessmentInput(7m, 60, ThisMorning.AddDays(-5), AssessmentSource.Clinic));

        var report = await services.GetRequiredService<ReportGenerator>().GenerateAsync("researcher", CohortFilter.None);
        var caption = Assert.Single(new PdfText(report.Pdf).Pages.SelectMany(page => page), line => line.Contains("Follow-up completeness", StringComparison.Ordinal));
        Assert.EndsWith("Follow-up completeness by visit (status on 2026-12-02).", caption);
    }
}
