using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aimo.Data.Migrations
{
    /// <inheritdoc />
    public partial class VolumeIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "ix_signatures_host_trgm",
                table: "signatures",
                column: "host")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_signatures_id_trgm",
                table: "signatures",
                column: "id")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_signatures_path_template_trgm",
                table: "signatures",
                column: "path_template")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_signatures_updated_at_id",
                table: "signatures",
                columns: new[] { "updated_at", "id" },
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "ix_review_items_batch_id",
                table: "review_items",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_batches_finished_at",
                table: "batches",
                column: "finished_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_signatures_host_trgm",
                table: "signatures");

            migrationBuilder.DropIndex(
                name: "ix_signatures_id_trgm",
                table: "signatures");

            migrationBuilder.DropIndex(
                name: "ix_signatures_path_template_trgm",
                table: "signatures");

            migrationBuilder.DropIndex(
                name: "ix_signatures_updated_at_id",
                table: "signatures");

            migrationBuilder.DropIndex(
                name: "ix_review_items_batch_id",
                table: "review_items");

            migrationBuilder.DropIndex(
                name: "ix_batches_finished_at",
                table: "batches");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
