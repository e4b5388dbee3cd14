using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PvpRegistry.Migrations.Postgres.Migrations
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
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReasonCode",
                table: "AuditTrail",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReasonArgs",
                table: "AuditTrail");

            migrationBuilder.DropColumn(
                name: "ReasonCode",
                table: "AuditTrail");
        }
    }
}
