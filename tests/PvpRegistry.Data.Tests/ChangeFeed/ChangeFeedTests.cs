using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PvpRegistry.Core;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.ChangeFeed;

/// <summary>The change feed across processes: each "instance" is its own service provider on the same SQLite file.</summary>
public class ChangeFeedTests
{
    private static readonly DateOnly Procedure = new(2026, 3, 2);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static RegistryChangePoller PollerOf(IServiceProvider instance) => ActivatorUtilities.CreateInstance<RegistryChangePoller>(instance);

    [Fact]
    public async Task A_clinical_save_appends_one_feed_row_naming_the_entities_and_never_patient_data()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await using (var db = registry.NewContext())
        {
            db.Patients.Add(PatientFactory.Operated("PVP-0001", Procedure, VisitCode.Month1));
            await db.SaveChangesAsync();
        }
        await using (var db = registry.NewContext())
        {
            var row = await db.Changes.SingleAsync();
            Assert.Equal("Assessment,FollowUpVisit,Patient,Procedure", row.Entities);
            Assert.Equal(TestRegistry.DefaultNow.UtcDateTime, row.AtUtc);
            Assert.Equal(registry.Get<RegistryChangeFeed>().Origin, row.Origin);
            Assert.Equal(row.Id, await registry.Get<RegistryChangeFeed>().LatestIdAsync());
        }
    }

    [Fact]
    public async Task A_failed_save_leaves_no_feed_row_and_a_save_of_no_clinical_data_writes_none()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await using (var db = registry.NewContext())
        {
            db.Patients.Add(PatientFactory.Operated("PVP-0001", Procedure));
            await db.SaveChangesAsync();
        }
        await using (var db = registry.NewContext())
        {
            db.Patients.Add(PatientFactory.Operated("PVP-0001", Procedure)); // the study ID is unique
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        await using (var db = registry.NewContext())
        {
            db.Settings.Add(new RegistrySetting { Key = "some.setting", Value = "1" });
            await db.SaveChangesAsync();
        }
        await using (var check = registry.NewContext())
            Assert.Equal(1, await check.Changes.CountAsync());
    }

    [Fact]
    public async Task Another_instances_save_reaches_this_instances_screens_and_its_own_saves_are_not_repeated()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var time = new FakeTimeProvider(TestRegistry.DefaultNow);
        await using var instanceB = registry.NewInstance(time);
        var pollerA = PollerOf(registry.Services);
        var pollerB = PollerOf(instanceB);
        await pollerA.PollAsync();
        await pollerB.PollAsync(); // the first poll only learns where the feed stands

        var heardByA = Channel.CreateUnbounded<RegistryChange>();
        var heardByB = Channel.CreateUnbounded<RegistryChange>();
        using var onA = registry.Get<IRegistryChangeNotifier>().Subscribe(c => heardByA.Writer.WriteAsync(c).AsTask());
        using var onB = instanceB.GetRequiredService<IRegistryChangeNotifier>().Subscribe(c => heardByB.Writer.WriteAsync(c).AsTask());

        await using (var db = registry.NewContext())
        {
            db.Patients.Add(PatientFactory.Operated("PVP-0001", Procedure));
            await db.SaveChangesAsync();
        }
        var local = await heardByA.Reader.ReadAsync().AsTask().WaitAsync(Patience); // A's own screens hear it at once
        Assert.Contains(nameof(Patient), local.Entities);
        Assert.False(heardByB.Reader.TryRead(out _)); // B only learns it from the database

        await pollerB.PollAsync();
        var remote = await heardByB.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.Equal([nameof(FollowUpVisit), nameof(Patient), nameof(Procedure)], remote.Entities.Order());

        await pollerA.PollAsync(); // A wrote the row: it does not tell its screens a second time
        await pollerB.PollAsync(); // nothing new: nothing published
        await using (var db = registry.NewContext())
            Assert.Equal(await db.Changes.MaxAsync(c => c.Id), pollerB.Seen);
        Assert.False(heardByA.Reader.TryRead(out _));
        Assert.False(heardByB.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_save_that_commits_its_id_after_a_later_id_still_reaches_the_screens_and_moves_the_version()
    {
        await using var registry = await TestRegistry.CreateAsync();
        var time = new FakeTimeProvider(TestRegistry.DefaultNow);
        await using var instanceB = registry.NewInstance(time);
        var feed = instanceB.GetRequiredService<RegistryChangeFeed>();
        var poller = PollerOf(instanceB);
        await using (var db = registry.NewContext())
        {
            db.Patients.Add(PatientFactory.Operated("PVP-0001", Procedure));
            await db.SaveChangesAsync();
        }
        await poller.PollAsync();
        var heard = Channel.CreateUnbounded<RegistryChange>();
        using var onB = instanceB.GetRequiredService<IRegistryChangeNotifier>().Subscribe(c => heard.Writer.WriteAsync(c).AsTask());
        long first = poller.Seen;

        // Two saves of another process: the one holding id first + 1 commits after the one holding first + 2, as two
        // transactions on a server database can.
        async Task CommitAsync(long id, string entity)
        {
            await using var db = registry.NewContext();
            RegistryChangeFeed.Append(db, [entity], TestRegistry.DefaultNow.UtcDateTime, id);
            await db.SaveChangesAsync();
        }
        await CommitAsync(first + 2, nameof(Assessment));
        await poller.PollAsync();
        Assert.Equal([nameof(Assessment)], (await heard.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Entities);
        var before = await feed.VersionAsync();

        await CommitAsync(first + 1, nameof(VitalStatusEvent));
        Assert.Equal(first + 2, await feed.LatestIdAsync()); // the latest id did not move ...
        Assert.NotEqual(before, await feed.VersionAsync()); // ... the version did: the dashboards reload
        time.Advance(TimeSpan.FromSeconds(5));
        await poller.PollAsync();
        Assert.Equal([nameof(VitalStatusEvent)], (await heard.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Entities);

        // Published once (the next change heard is the next save's); an id skipped for longer than any transaction
        // lasts (rolled back) is no longer looked for: the change heard after it is the save that follows.
        await CommitAsync(first + 4, nameof(Procedure));
        await poller.PollAsync();
        Assert.Equal([nameof(Procedure)], (await heard.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Entities);
        time.Advance(RegistryChangePoller.LateCommitWait + TimeSpan.FromSeconds(1));
        await poller.PollAsync();
        await CommitAsync(first + 3, nameof(Assessment));
        await poller.PollAsync();
        await CommitAsync(first + 5, nameof(Patient));
        await poller.PollAsync();
        Assert.Equal([nameof(Patient)], (await heard.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Entities);
    }

    [Fact]
    public async Task Rows_older_than_the_retention_are_pruned_daily_but_the_newest_row_stays()
    {
        var time = new FakeTimeProvider(TestRegistry.DefaultNow);
        await using var registry = await TestRegistry.CreateAsync(time, null);
        for (int i = 1; i <= 3; i++)
        {
            await using var db = registry.NewContext();
            db.Patients.Add(PatientFactory.Operated($"PVP-000{i}", Procedure));
            await db.SaveChangesAsync();
        }
        long newest;
        await using (var db = registry.NewContext()) newest = await db.Changes.MaxAsync(c => c.Id);
        var poller = PollerOf(registry.Services);
        await poller.PollAsync();
        time.Advance(TimeSpan.FromDays(30));
        await poller.PollAsync(); // the first daily prune
        await using (var db = registry.NewContext())
            Assert.Equal([newest], await db.Changes.Select(c => c.Id).ToListAsync());
    }

    [Fact]
    public async Task A_database_replaced_by_one_with_an_older_feed_is_a_change_of_everything()
    {
        await using var registry = await TestRegistry.CreateAsync();
        for (int i = 1; i <= 2; i++)
        {
            await using var db = registry.NewContext();
            db.Patients.Add(PatientFactory.Operated($"PVP-000{i}", Procedure));
            await db.SaveChangesAsync();
        }
        await using var instanceB = registry.NewInstance(new FakeTimeProvider(TestRegistry.DefaultNow));
        var pollerB = PollerOf(instanceB);
        await pollerB.PollAsync();
        var heard = Channel.CreateUnbounded<RegistryChange>();
        using var onB = instanceB.GetRequiredService<IRegistryChangeNotifier>().Subscribe(c => heard.Writer.WriteAsync(c).AsTask());

        await using (var db = registry.NewContext()) await db.Changes.Where(c => c.Id == pollerB.Seen).ExecuteDeleteAsync(); // as a restore of an older copy
        await pollerB.PollAsync();
        Assert.Equal(["Registry"], (await heard.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Entities);
    }
}
