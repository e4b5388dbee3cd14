using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PvpRegistry.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DataQueries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<uint>(
                name: "Version",
                table: "ContactAttempts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.CreateTable(
                name: "DataQueries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PatientId = table.Column<int>(type: "INTEGER", nullable: false),
                    TargetEntity = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TargetId = table.Column<int>(type: "INTEGER", nullable: false),
                    TargetField = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    TargetLabel = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AnswerRole = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Question = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OpenedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    OpenedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AnsweredBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    AnsweredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CorrectionAuditId = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<uint>(type: "INTEGER", nullable: false)
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
