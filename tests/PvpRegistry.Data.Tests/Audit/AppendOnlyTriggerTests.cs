using System.Data.Common;
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
}
