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

            // The grids' free-text search: one trigram index over id, host and path joined by line breaks, the exact
            // expression SignatureSearchQueries filters on. An expression index, so `id = …` keeps using the primary key
            // (trigram indexes on the columns serve equality too, and the planner preferred them: seconds per lookup).
            migrationBuilder.Sql("CREATE INDEX ix_signatures_search_trgm ON signatures USING gin ((id || E'\\n' || host || E'\\n' || path_template) gin_trgm_ops);");

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
            migrationBuilder.Sql("DROP INDEX ix_signatures_search_trgm;");

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
