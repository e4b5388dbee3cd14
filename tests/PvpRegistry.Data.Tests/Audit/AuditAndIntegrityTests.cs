using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.Audit;

/// <summary>Data integrity rules on a real SQLite file: append-only audit trail, voiding not deleting, no lost updates.</summary>
public class AuditAndIntegrityTests
{
    private static readonly DateOnly Procedure = new(2024, 3, 1);

    private static async Task<(int PatientId, int AssessmentId)> SeedAsync(TestRegistry registry)
    {
        await using var db = registry.NewContext();
        var patient = PatientFactory.Operated("PVP-0001", Procedure, VisitCode.Preop);
        db.Patients.Add(patient);
        await db.SaveChangesAsync();
        return (patient.Id, patient.Visits.Single(v => v.Code == VisitCode.Preop).Assessments.Single().Id);
    }

    [Fact]
    public async Task Changing_a_saved_vas_writes_an_audit_entry_with_old_and_new_value_field_user_and_reason()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var (_, assessmentId) = await SeedAsync(registry);
        long before;
        await using (var db = registry.NewContext()) before = await db.AuditTrail.MaxAsync(a => a.Id);

        await using (var db = registry.NewContext())
        {
            db.Actor = "nurse.b";
            db.ChangeReason = "transcription error: patient said 6.5";
            var assessment = await db.Assessments.SingleAsync(a => a.Id == assessmentId);
            Assert.Equal(4.5m, assessment.Vas);
            assessment.Vas = 6.5m;
            await db.SaveChangesAsync();
        }

        await using (var db = registry.NewContext())
        {
            var entries = await db.AuditTrail.Where(a => a.Id > before).ToListAsync();
            var entry = Assert.Single(entries);
            Assert.Equal("updated", entry.Action);
            Assert.Equal(nameof(Assessment), entry.Entity);
            Assert.Equal(assessmentId.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.RecordKey);
            Assert.Equal("Vas", entry.Field);
            Assert.Equal("4.5", entry.OldValue);
            Assert.Equal("6.5", entry.NewValue);
            Assert.Equal("nurse.b", entry.User);
            Assert.Equal("transcription error: patient said 6.5", entry.Reason);
            Assert.Equal(6.5m, (await db.Assessments.SingleAsync(a => a.Id == assessmentId)).Vas);
        }
    }

    [Fact]
    public async Task With_automatic_change_detection_off_a_save_writes_and_audits_exactly_the_changes_the_tracker_knows()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var (_, assessmentId) = await SeedAsync(registry);
        long before;
        await using (var db = registry.NewContext()) before = await db.AuditTrail.MaxAsync(a => a.Id);

        await using (var db = registry.NewContext())
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var assessment = await db.Assessments.SingleAsync(a => a.Id == assessmentId);
            assessment.Vas = 6.5m; // not detected: neither written nor audited
            await db.SaveChangesAsync();
            Assert.Equal(4.5m, (await ReadAssessmentAsync(registry, assessmentId)).Vas);

            db.ChangeTracker.DetectChanges(); // now known: written, audited and versioned
            await db.SaveChangesAsync();
        }

        var saved = await ReadAssessmentAsync(registry, assessmentId);
        Assert.Equal(6.5m, saved.Vas);
        Assert.Equal(1u, saved.Version);
        await using (var db = registry.NewContext())
        {
            var entry = Assert.Single(await db.AuditTrail.Where(a => a.Id > before && a.Entity == nameof(Assessment)).ToListAsync());
            Assert.Equal(("updated", "Vas", "4.5", "6.5"), (entry.Action, entry.Field, entry.OldValue, entry.NewValue));
        }
    }

    private static async Task<Assessment> ReadAssessmentAsync(TestRegistry registry, int id)
    {
        await using var db = registry.NewContext();
        return await db.Assessments.AsNoTracking().SingleAsync(a => a.Id == id);
    }

    [Fact]
    public async Task Audit_time_comes_from_the_injected_clock()
    {
        // The registry's clock is the injected TimeProvider (fixed at 2026-11-25 10:00 UTC here), never the machine's.
        await using var registry = await TestRegistry.CreateAsync();
        var (_, assessmentId) = await SeedAsync(registry);
        await using (var db = registry.NewContext())
        {
            db.ChangeReason = "correction";
            (await db.Assessments.SingleAsync(a => a.Id == assessmentId)).Kps = 80;
            await db.SaveChangesAsync();
        }
        await using (var db = registry.NewContext())
        {
            var times = await db.AuditTrail.Select(a => a.AtUtc).ToListAsync();
            Assert.NotEmpty(times);
            Assert.All(times, t => Assert.Equal(TestRegistry.DefaultNow.UtcDateTime, t));
        }
    }

    [Fact]
    public async Task Creating_clinical_records_is_audited_with_the_saving_user()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await using (var db = registry.NewContext())
        {
            db.Actor = "dr.c";
            db.Patients.Add(PatientFactory.Operated("PVP-0002", Procedure, VisitCode.Preop));
            await db.SaveChangesAsync();
        }
        await using (var db = registry.NewContext())
        {
            var created = await db.AuditTrail.Where(a => a.Action == "created").ToListAsync();
            Assert.All(created, a => Assert.Equal("dr.c", a.User));
            // One patient, one procedure, seven visits, one assessment.
            Assert.Equal(1, created.Count(a => a.Entity == nameof(Patient)));
            Assert.Equal(1, created.Count(a => a.Entity == nameof(Procedure)));
            Assert.Equal(7, created.Count(a => a.Entity == nameof(FollowUpVisit)));
            Assert.Equal(1, created.Count(a => a.Entity == nameof(Assessment)));
        }
    }

    [Fact]
    public async Task Synchronous_and_asynchronous_saves_audit_bump_versions_and_notify_alike()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var bySync = await CreateThenCorrectPhoneAsync(registry, "PVP-SYNC", async: false);
        var byAsync = await CreateThenCorrectPhoneAsync(registry, "PVP-ASYNC", async: true);

        // One patient, one procedure, seven visits and one assessment created, then one field corrected with its reason.
        Assert.Equal(10, bySync.Lines.Count(l => l.Action == "created"));
        Assert.Contains(("updated", nameof(Patient), "Phone", "+86 10 1111 1111", "+86 10 2222 2222", "nurse.s", "number from the GP"), bySync.Lines);
        Assert.Equal(1u, bySync.VersionBump);
        Assert.Equal(["Assessment", "FollowUpVisit", "Patient", "Procedure"], bySync.Notified[0]);
        Assert.Equal(["Patient"], bySync.Notified[1]);
        Assert.Equal(bySync.Lines, byAsync.Lines);
        Assert.Equal(bySync.VersionBump, byAsync.VersionBump);
        Assert.Equal(bySync.Notified, byAsync.Notified);
        Assert.Equal(bySync.Saved, byAsync.Saved);
    }

    [Fact]
    public async Task A_failed_insert_rolls_back_its_audit_transaction_and_the_next_save_works()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await SeedAsync(registry);
        await using var db = registry.NewContext();
        long before = await db.AuditTrail.MaxAsync(a => a.Id);

        db.Patients.Add(PatientFactory.Operated("PVP-0001", Procedure)); // the study ID is taken
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Null(db.Database.CurrentTransaction);

        db.ChangeTracker.Clear();
        db.Patients.Add(PatientFactory.Operated("PVP-0002", Procedure));
        db.SaveChanges();
        Assert.Null(db.Database.CurrentTransaction);
        await using var check = registry.NewContext();
        var created = await check.AuditTrail.Where(a => a.Id > before && a.Entity == nameof(Patient)).ToListAsync();
        Assert.Equal("PVP-0002", (await check.Patients.SingleAsync(p => p.Id.ToString() == created.Single().RecordKey)).StudyId);
    }

    private sealed record AuditedSaves(
        IReadOnlyList<(string Action, string Entity, string? Field, string? OldValue, string? NewValue, string User, string? Reason)> Lines,
        uint VersionBump, IReadOnlyList<string[]> Notified, IReadOnlyList<int> Saved);

    /// <summary>Creates a patient, then corrects its phone with a reason, saving with SaveChanges or SaveChangesAsync.</summary>
    private static async Task<AuditedSaves> CreateThenCorrectPhoneAsync(TestRegistry registry, string studyId, bool async)
    {
        var notified = System.Threading.Channels.Channel.CreateUnbounded<RegistryChange>();
        using var subscription = registry.Get<IRegistryChangeNotifier>().Subscribe(c => notified.Writer.WriteAsync(c).AsTask());
        long before;
        await using (var db = registry.NewContext()) before = await db.AuditTrail.MaxAsync(a => (long?)a.Id) ?? 0;
        var saved = new List<int>();
        int patientId;
        uint version;
        await using (var db = registry.NewContext())
        {
            db.Actor = "nurse.s";
            var patient = PatientFactory.Operated(studyId, Procedure, VisitCode.Preop);
            patient.Phone = "+86 10 1111 1111";
            db.Patients.Add(patient);
            saved.Add(async ? await db.SaveChangesAsync() : db.SaveChanges());
            (patientId, version) = (patient.Id, patient.Version);
        }
        var created = await notified.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await using (var db = registry.NewContext())
        {
            db.Actor = "nurse.s";
            db.ChangeReason = "number from the GP";
            (await db.Patients.SingleAsync(p => p.Id == patientId)).Phone = "+86 10 2222 2222";
            saved.Add(async ? await db.SaveChangesAsync() : db.SaveChanges());
        }
        var corrected = await notified.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await using (var db = registry.NewContext())
        {
            var lines = await db.AuditTrail.Where(a => a.Id > before).OrderBy(a => a.Id).ToListAsync();
            Assert.All(lines, l => Assert.Equal(TestRegistry.DefaultNow.UtcDateTime, l.AtUtc));
            var bumped = (await db.Patients.SingleAsync(p => p.Id == patientId)).Version - version;
            // A created line describes the record (its study ID and keys differ between the two patients).
            return new AuditedSaves(
                lines.Select(l => (l.Action, l.Entity, l.Field, l.OldValue, l.Action == "created" ? null : l.NewValue, l.User, l.Reason)).ToList(),
                bumped, [created.Entities.Order().ToArray(), corrected.Entities.Order().ToArray()], saved);
        }
    }

    [Fact]
    public async Task Deleting_a_patient_is_refused_and_the_patient_stays()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var (patientId, _) = await SeedAsync(registry);

        await using (var db = registry.NewContext())
        {
            var patient = await db.Patients.SingleAsync(p => p.Id == patientId);
            db.Patients.Remove(patient);
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        await using (var db = registry.NewContext())
            Assert.True(await db.Patients.AnyAsync(p => p.Id == patientId));
    }

    [Fact]
    public async Task Deleting_an_assessment_is_refused()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var (_, assessmentId) = await SeedAsync(registry);

        await using (var db = registry.NewContext())
        {
            db.Assessments.Remove(await db.Assessments.SingleAsync(a => a.Id == assessmentId));
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        await using (var db = registry.NewContext())
            Assert.True(await db.Assessments.AnyAsync(a => a.Id == assessmentId));
    }

    [Fact]
    public async Task Voiding_an_assessment_is_kept_and_audited_with_its_reason()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var (_, assessmentId) = await SeedAsync(registry);

        await using (var db = registry.NewContext())
        {
            db.Actor = "nurse.b";
            db.ChangeReason = "entered for the wrong patient";
            var assessment = await db.Assessments.SingleAsync(a => a.Id == assessmentId);
            assessment.Voided = new Voiding(TestRegistry.DefaultNow.UtcDateTime, "nurse.b", "entered for the wrong patient");
            await db.SaveChangesAsync();
        }
        await using (var db = registry.NewContext())
        {
            Assert.NotNull((await db.Assessments.SingleAsync(a => a.Id == assessmentId)).Voided);
            var voided = await db.AuditTrail
                .Where(a => a.Entity == nameof(Assessment) && a.RecordKey == assessmentId.ToString() && a.Action != "created")
                .ToListAsync();
            Assert.NotEmpty(voided);
            Assert.All(voided, a => Assert.Equal(("voided", "nurse.b", "entered for the wrong patient"), (a.Action, a.User, a.Reason)));
        }
    }

    [Fact]
    public async Task Editing_an_assessment_that_was_voided_meanwhile_is_refused()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var (_, assessmentId) = await SeedAsync(registry);

        await using var voiding = registry.NewContext();
        await using var editing = registry.NewContext();
        var a = await voiding.Assessments.SingleAsync(x => x.Id == assessmentId);
        var b = await editing.Assessments.SingleAsync(x => x.Id == assessmentId);

        a.Voided = new Voiding(TestRegistry.DefaultNow.UtcDateTime, "nurse.a", "wrong visit");
        voiding.ChangeReason = "wrong visit";
        await voiding.SaveChangesAsync();

        b.Vas = 7.5m;
        editing.ChangeReason = "correction";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => editing.SaveChangesAsync());
    }

    [Fact]
    public async Task Audit_entries_cannot_be_changed()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await SeedAsync(registry);
        await using (var db = registry.NewContext())
        {
            var entry = await db.AuditTrail.OrderBy(a => a.Id).FirstAsync();
            entry.NewValue = "tampered";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        await using (var db = registry.NewContext())
            Assert.DoesNotContain(await db.AuditTrail.Select(a => a.NewValue).ToListAsync(), v => v == "tampered");
    }

    [Fact]
    public async Task Audit_entries_cannot_be_deleted()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await SeedAsync(registry);
        int count;
        await using (var db = registry.NewContext())
        {
            count = await db.AuditTrail.CountAsync();
            db.AuditTrail.Remove(await db.AuditTrail.OrderBy(a => a.Id).FirstAsync());
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        await using (var db = registry.NewContext())
            Assert.Equal(count, await db.AuditTrail.CountAsync());
    }

    [Fact]
    public async Task Second_of_two_concurrent_edits_is_refused_and_the_first_kept()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var (patientId, _) = await SeedAsync(registry);

        await using var first = registry.NewContext();
        await using var second = registry.NewContext();
        var a = await first.Patients.SingleAsync(p => p.Id == patientId);
        var b = await second.Patients.SingleAsync(p => p.Id == patientId);

        a.Phone = "+86 10 1111 1111";
        await first.SaveChangesAsync();

        b.Phone = "+86 10 2222 2222";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = registry.NewContext();
        Assert.Equal("+86 10 1111 1111", (await check.Patients.SingleAsync(p => p.Id == patientId)).Phone);
    }

    [Fact]
    public async Task Second_of_two_concurrent_assessment_edits_is_refused()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var (_, assessmentId) = await SeedAsync(registry);

        await using var first = registry.NewContext();
        await using var second = registry.NewContext();
        (await first.Assessments.SingleAsync(x => x.Id == assessmentId)).Kps = 80;
        (await second.Assessments.SingleAsync(x => x.Id == assessmentId)).Kps = 60;
        first.ChangeReason = second.ChangeReason = "correction";

        await first.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = registry.NewContext();
        Assert.Equal(80, (await check.Assessments.SingleAsync(x => x.Id == assessmentId)).Kps);
    }
}
