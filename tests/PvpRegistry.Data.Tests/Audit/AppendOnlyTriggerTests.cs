using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.Audit;

public class AppendOnlyTriggerTests
{
    [Fact]
    public async Task Bulk_updates_deletes_and_raw_sql_cannot_touch_the_audit_trail()
    {
        await using var registry = await TestRegistry.CreateAsync();
        await using (var db = registry.NewContext())
        {
            db.AuditTrail.Add(new AuditEntry { AtUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), User = "nurse.a", Action = "updated", Entity = "Assessment", RecordKey = "1", Field = "Vas", OldValue = "5", NewValue = "6", Reason = "typo" });
            await db.SaveChangesAsync();
        }
        await using (var db = registry.NewContext())
        {
            await Assert.ThrowsAnyAsync<DbException>(() => db.AuditTrail.ExecuteUpdateAsync(s => s.SetProperty(a => a.NewValue, "7")));
            await Assert.ThrowsAnyAsync<DbException>(() => db.AuditTrail.ExecuteDeleteAsync());
            await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditTrail" SET "Reason" = 'forged'"""));
            await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditTrail" """));
            // PostgreSQL can also empty a table with TRUNCATE (SQLite has no such statement): refused as well.
            if (registry.Provider == DatabaseProvider.Postgres)
                Assert.Contains("append-only", (await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("""TRUNCATE "AuditTrail" """))).Message);
        }
        await using (var db = registry.NewContext())
        {
            var entry = await db.AuditTrail.SingleAsync(a => a.User == "nurse.a");
            Assert.Equal(("6", "typo"), (entry.NewValue, entry.Reason));
        }
    }

    [Fact]
    public async Task Insert_or_replace_cannot_swap_an_audit_entry_for_a_forged_one()
    {
        // SQLite's own statement (PostgreSQL has no INSERT OR REPLACE; its triggers refuse UPDATE, DELETE and TRUNCATE).
        await using var registry = await TestRegistry.CreateAsync(provider: DatabaseProvider.Sqlite);
        long id;
        await using (var db = registry.NewContext())
        {
            var entry = new AuditEntry { AtUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), User = "nurse.a", Action = "updated", Entity = "Assessment", RecordKey = "1", Field = "Vas", OldValue = "5", NewValue = "6", Reason = "typo" };
            db.AuditTrail.Add(entry);
            await db.SaveChangesAsync();
            id = entry.Id;
        }
        await using (var db = registry.NewContext())
        {
            var ex = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync(
                "INSERT OR REPLACE INTO AuditTrail (Id, AtUtc, User, Action, Entity, RecordKey, Field, OldValue, NewValue, Reason) " +
                "VALUES ({0}, '2026-01-01 00:00:00', 'nurse.a', 'updated', 'Assessment', '1', 'Vas', '5', '9', 'forged')", id));
            Assert.Contains("append-only", ex.Message);
            await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync(
                "REPLACE INTO AuditTrail (Id, AtUtc, User, Action, Entity) VALUES ({0}, '2026-01-01 00:00:00', 'x', 'x', 'x')", id));
            // A new entry is still appended.
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync(
                "INSERT OR REPLACE INTO AuditTrail (AtUtc, User, Action, Entity) VALUES ('2026-01-02 00:00:00', 'nurse.b', 'created', 'Patient')"));
        }
        await using (var read = registry.NewContext())
        {
            var entry = await read.AuditTrail.SingleAsync(a => a.Id == id);
            Assert.Equal(("nurse.a", "6", "typo"), (entry.User, entry.NewValue, entry.Reason));
            Assert.Equal(2, await read.AuditTrail.CountAsync());
        }
    }
}
