using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aimo.Data.Migrations
{
    /// <inheritdoc />
    public partial class BudgetLeasesAndVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Settings keep their values: the seeded row is not rewritten.
            migrationBuilder.AddColumn<long>(
                name: "version",
                table: "signatures",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AlterColumn<decimal>(
                name: "soft_limit_fraction",
                table: "settings",
                type: "numeric(5,4)",
                precision: 5,
                scale: 4,
                nullable: false,
                oldClrType: typeof(double),
                oldType: "double precision");

            migrationBuilder.AddColumn<string>(
                name: "previous_time_zone",
                table: "settings",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "time_zone_change_at",
                table: "settings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "signature_version",
                table: "classifications",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "version",
                table: "signatures");

            migrationBuilder.DropColumn(
                name: "previous_time_zone",
                table: "settings");

            migrationBuilder.DropColumn(
                name: "time_zone_change_at",
                table: "settings");

            migrationBuilder.DropColumn(
                name: "signature_version",
                table: "classifications");

            migrationBuilder.AlterColumn<double>(
                name: "soft_limit_fraction",
                table: "settings",
                type: "double precision",
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "numeric(5,4)",
                oldPrecision: 5,
                oldScale: 4);
        }
    }
}
