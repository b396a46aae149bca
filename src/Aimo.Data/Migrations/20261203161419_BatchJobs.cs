using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aimo.Data.Migrations
{
    /// <inheritdoc />
    public partial class BatchJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "batch_jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    job_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    provider_job_id = table.Column<string>(type: "text", nullable: true),
                    model = table.Column<string>(type: "text", nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    provider_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    lines = table.Column<int>(type: "integer", nullable: false),
                    signatures = table.Column<int>(type: "integer", nullable: false),
                    input_file_id = table.Column<string>(type: "text", nullable: true),
                    output_file_id = table.Column<string>(type: "text", nullable: true),
                    error_file_id = table.Column<string>(type: "text", nullable: true),
                    carries = table.Column<string>(type: "jsonb", nullable: false),
                    lease_day = table.Column<DateOnly>(type: "date", nullable: true),
                    lease_id = table.Column<string>(type: "text", nullable: true),
                    cost_usd_estimated = table.Column<decimal>(type: "numeric(18,8)", precision: 18, scale: 8, nullable: false),
                    cost_usd_actual = table.Column<decimal>(type: "numeric(18,8)", precision: 18, scale: 8, nullable: true),
                    lines_succeeded = table.Column<int>(type: "integer", nullable: false),
                    lines_failed = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_batch_jobs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_batch_jobs_job_key",
                table: "batch_jobs",
                column: "job_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_batch_jobs_provider_job_id",
                table: "batch_jobs",
                column: "provider_job_id");

            migrationBuilder.CreateIndex(
                name: "ix_batch_jobs_state_updated_at",
                table: "batch_jobs",
                columns: new[] { "state", "updated_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "batch_jobs");
        }
    }
}
