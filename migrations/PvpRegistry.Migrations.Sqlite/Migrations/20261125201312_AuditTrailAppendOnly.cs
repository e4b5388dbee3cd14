using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PvpRegistry.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuditTrailAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The audit trail is append-only in the database itself, whatever the code path.
            migrationBuilder.Sql("""
                CREATE TRIGGER AuditTrail_AppendOnly_NoUpdate BEFORE UPDATE ON AuditTrail
                BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: entries cannot be changed.'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER AuditTrail_AppendOnly BEFORE DELETE ON AuditTrail
                BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: entries cannot be deleted.'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER AuditTrail_AppendOnly_NoUpdate;");
            migrationBuilder.Sql("DROP TRIGGER AuditTrail_AppendOnly;");
        }
    }
}
