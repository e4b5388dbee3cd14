using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PvpRegistry.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AuditTrailAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The audit trail is append-only in the database itself, whatever the code path.
            // CREATE TRIGGER must start its own batch: through EXEC it does, also inside the idempotent script's IF ... BEGIN ... END.
            migrationBuilder.Sql("""
                EXEC(N'CREATE TRIGGER [AuditTrail_AppendOnly] ON [AuditTrail] INSTEAD OF UPDATE, DELETE
                AS BEGIN
                    THROW 51000, ''The audit trail is append-only: entries cannot be changed or deleted.'', 1;
                END');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER [AuditTrail_AppendOnly];");
        }
    }
}
