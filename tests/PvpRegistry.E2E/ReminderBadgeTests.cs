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
    public async Task Someone_without_the_nurse_role_sees_no_reminder_badge()
    {
        var page = await app.SignedInPageAsync(Roles.Researcher);
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("reminder-count")).ToHaveCountAsync(0);
    }
}
