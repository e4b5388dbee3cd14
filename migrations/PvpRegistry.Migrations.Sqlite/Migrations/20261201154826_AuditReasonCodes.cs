using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PvpRegistry.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuditReasonCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReasonArgs",
                table: "AuditTrail",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReasonCode",
                table: "AuditTrail",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQLite's own DROP COLUMN: the rebuild EF would do instead loses the append-only triggers of the table.
            migrationBuilder.Sql("ALTER TABLE \"AuditTrail\" DROP COLUMN \"ReasonArgs\";");
            migrationBuilder.Sql("ALTER TABLE \"AuditTrail\" DROP COLUMN \"ReasonCode\";");
        }
    }
}
