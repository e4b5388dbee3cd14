using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Reminders;
using PvpRegistry.E2E.Infrastructure;

namespace PvpRegistry.E2E;

[Collection(AppCollection.Name)]
public class ReminderBadgeTests(AppFixture app)
{
    [Fact]
    public async Task The_badge_count_drops_without_a_reload_when_a_nurse_completes_a_due_visit()
    {
        // A patient operated yesterday: the day-1 window opens today, so today's run raises reminders for it.
        var clock = app.Services.GetRequiredService<RegistryClock>();
        var today = clock.Today;
        var factory = app.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>();
        int visitId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var patient = new Patient
            {
                StudyId = "E2E-REMIND-01", Sex = Sex.Male, AgeAtProcedure = 70, Group = TreatmentGroup.PvpI125, PrimaryTumor = PrimaryTumor.Prostate,
                PrimaryGrowth = PrimaryGrowth.Slow, MetastaticSite = MetastaticSite.Sacral, SegmentCount = 1, EnrolmentDate = today.AddDays(-1),
                EnrolmentStatus = EnrolmentStatus.Enrolled, VitalStatus = VitalStatus.Alive, LastKnownAliveDate = today.AddDays(-1),
            };
            patient.Procedures.Add(new Procedure { Date = today.AddDays(-1), CementTotalMl = 4m });
            patient.Visits.AddRange(FollowUpSchedule.Default.CreateVisits(today.AddDays(-1)));
            var preop = patient.Visits.Single(v => v.Code == VisitCode.Preop);
            preop.Assessments.Add(new Assessment { Vas = 7m, Kps = 70, AssessmentDate = today.AddDays(-1), Source = AssessmentSource.Clinic, EnteredBy = "e2e", EnteredAtUtc = DateTime.UtcNow });
            db.Patients.Add(patient);
            await db.SaveChangesAsync();
            visitId = patient.Visits.Single(v => v.Code == VisitCode.Day1).Id;
        }
        var run = await app.Services.GetRequiredService<ReminderRun>().RunAsync(today);
        Assert.Contains(run.Created, c => c.StudyId == "E2E-REMIND-01" && c.Visit == VisitCode.Day1 && c.Kind == ReminderKind.WindowOpens);
        int open = await app.Services.GetRequiredService<ReminderInbox>().CountAsync();
        Assert.True(open >= 1);

        var page = await app.SignedInPageAsync(Roles.Nurse);
        var badge = page.GetByTestId("reminder-count");
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-count", open.ToString());
        await page.GetByTestId("reminder-bell").ClickAsync();
        await Assertions.Expect(page.GetByTestId("reminder-list").First).ToContainTextAsync("E2E-REMIND-01");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "reminders.png") });

        // The nurse records the day-1 visit (here through the DbContext, as the score entry saves it): the badge follows.
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Assessments.Add(new Assessment { VisitId = visitId, Vas = 3m, Kps = 80, AssessmentDate = today, Source = AssessmentSource.Phone, EnteredBy = "e2e", EnteredAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-count", (open - 1).ToString());
        await Assertions.Expect(page.GetByTestId("reminder-list").First).Not.ToContainTextAsync("E2E-REMIND-01");
    }

    [Fact]
    public async Task A_new_schedule_raises_its_reminders_at_once_and_a_bell_item_in_the_worklist_format_opens_the_visit()
    {
        // A procedure recorded 40 days ago: the preop, day-1 and 1-month visits are overdue on the worklist at once.
        var (patientId, studyId) = await Seed.PatientAsync(app.Services, TreatmentGroup.Pvp, procedureDaysAgo: 40);
        var today = app.Services.GetRequiredService<RegistryClock>().Today;
        var worklist = await app.Services.GetRequiredService<PvpRegistry.Data.FollowUp.Worklist>().DueAndOverdueAsync(today);
        var overdue = worklist.Where(i => i.PatientId == patientId && i.Status == VisitStatus.Overdue).ToList();
        Assert.Equal(3, overdue.Count);
        // No reminder run since: the bell already counts them, as overdue.
        var open = (await app.Services.GetRequiredService<ReminderInbox>().OpenAsync()).Where(r => r.PatientId == patientId).ToList();
        Assert.Equal(overdue.Select(i => i.VisitId).Order(), open.Where(r => r.Kind == ReminderKind.Overdue).Select(r => r.VisitId).Order());

        var page = await app.SignedInPageAsync(Roles.Nurse);
        await page.SetViewportSizeAsync(1366, 768);
        // The count badge is drawn whole inside the app bar, not cut off by it.
        var badge = page.GetByTestId("reminder-count").Locator(".reminder-count-badge");
        await Assertions.Expect(badge).ToBeVisibleAsync();
        var badgeBox = (await badge.BoundingBoxAsync())!;
        var barBox = (await page.Locator(".mud-appbar").BoundingBoxAsync())!;
        Assert.True(badgeBox.Y >= barBox.Y && badgeBox.Y + badgeBox.Height <= barBox.Y + barBox.Height, $"badge {badgeBox.Y}+{badgeBox.Height} in app bar {barBox.Y}+{barBox.Height}");
        Assert.True(await badge.EvaluateAsync<bool>("b => b.scrollWidth <= b.clientWidth + 1"), "the badge's number fits in it");

        // Away from the worklist (which lists the reminders too), so the items are the bell's.
        await AppFixture.GotoInteractiveAsync(page, "/patients");
        await page.GetByTestId("reminder-bell").ClickAsync();
        var day1 = overdue.Single(i => i.Visit == VisitCode.Day1);
        var item = page.Locator($"[data-testid=reminder-item][data-visit-id='{day1.VisitId}']");
        // The worklist's way of writing a visit and its window.
        await Assertions.Expect(item).ToContainTextAsync($"{studyId} Day 1, {day1.WindowStart:yyyy-MM-dd} to {day1.WindowEnd:yyyy-MM-dd}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ScreenshotFolder, "reminders-bell-1366x768.png") });
        await item.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/worklist\\?visit={day1.VisitId}$"));
        await Assertions.Expect(page.GetByTestId("entry-title")).ToHaveTextAsync($"{studyId} - Day 1");
    }

    [Fact]
    public async Task Someone_without_the_nurse_role_sees_no_reminder_badge()
    {
        var page = await app.SignedInPageAsync(Roles.Researcher);
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("reminder-count")).ToHaveCountAsync(0);
    }
}
