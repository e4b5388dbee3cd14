using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PvpRegistry.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class DataQueries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "ContactAttempts",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "DataQueries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    PatientId = table.Column<int>(type: "int", nullable: false),
                    TargetEntity = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    TargetId = table.Column<int>(type: "int", nullable: false),
                    TargetField = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    TargetLabel = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    AnswerRole = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Question = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    OpenedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    OpenedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Answer = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    AnsweredBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    AnsweredAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CorrectionAuditId = table.Column<long>(type: "bigint", nullable: true),
                    ClosedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    ClosedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataQueries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DataQueries_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DataQueries_PatientId_Status",
                table: "DataQueries",
                columns: new[] { "PatientId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_DataQueries_Status",
                table: "DataQueries",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataQueries");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "ContactAttempts");
        }
    }
}
