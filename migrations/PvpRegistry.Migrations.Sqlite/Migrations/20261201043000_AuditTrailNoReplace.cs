using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PvpRegistry.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuditTrailNoReplace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // INSERT OR REPLACE deletes the row it conflicts with without firing the delete trigger (SQLite runs delete
            // triggers on REPLACE only with recursive_triggers on): refuse any insert of an id that is already there.
            migrationBuilder.Sql("""
                CREATE TRIGGER AuditTrail_AppendOnly_NoReplace BEFORE INSERT ON AuditTrail
                WHEN EXISTS (SELECT 1 FROM AuditTrail WHERE Id = NEW.Id)
                BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: an entry cannot be replaced.'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER AuditTrail_AppendOnly_NoReplace;");
        }
    }
}
