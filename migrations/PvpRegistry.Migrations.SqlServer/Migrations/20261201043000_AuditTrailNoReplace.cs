using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PvpRegistry.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AuditTrailNoReplace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nothing to do on SQL Server: it has no INSERT OR REPLACE, an insert of an existing id fails on the primary
            // key, and MERGE's update and delete are refused by the AuditTrail_AppendOnly INSTEAD OF UPDATE, DELETE trigger.
            // The migration exists so both providers keep the same migration history (SQLite adds a trigger here).
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
