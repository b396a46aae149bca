using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aimo.Data.Migrations
{
    /// <inheritdoc />
    public partial class VersionedOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_review_items_signature_id",
                table: "review_items");

            migrationBuilder.DropIndex(
                name: "ix_classifications_signature_id_batch_id",
                table: "classifications");

            migrationBuilder.AddColumn<string>(
                name: "content_hash",
                table: "review_items",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "signature_version",
                table: "review_items",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "content_hash",
                table: "classifications",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Rows written before outcomes carried their version: each keeps a distinct, unmistakably unknown version
            // (-id), except the newest per signature, which is about the row's current version.
            migrationBuilder.Sql("UPDATE review_items SET signature_version = -id;");
            migrationBuilder.Sql("""
                UPDATE review_items r SET signature_version = s.version, content_hash = s.content_hash
                FROM signatures s
                WHERE s.id = r.signature_id AND s.status = 'needs_review'
                  AND r.id = (SELECT max(x.id) FROM review_items x WHERE x.signature_id = r.signature_id);
                """);
            migrationBuilder.Sql("""
                UPDATE classifications c SET signature_version = -c.id
                WHERE EXISTS (SELECT 1 FROM classifications n
                              WHERE n.signature_id = c.signature_id AND n.signature_version = c.signature_version AND n.id > c.id);
                """);
            migrationBuilder.Sql("""
                UPDATE classifications c SET content_hash = s.content_hash
                FROM signatures s WHERE s.id = c.signature_id AND s.version = c.signature_version;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_review_items_signature_id_signature_version",
                table: "review_items",
                columns: new[] { "signature_id", "signature_version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_classifications_batch_id",
                table: "classifications",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_classifications_signature_id_signature_version",
                table: "classifications",
                columns: new[] { "signature_id", "signature_version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_review_items_signature_id_signature_version",
                table: "review_items");

            migrationBuilder.DropIndex(
                name: "ix_classifications_batch_id",
                table: "classifications");

            migrationBuilder.DropIndex(
                name: "ix_classifications_signature_id_signature_version",
                table: "classifications");

            migrationBuilder.DropColumn(
                name: "content_hash",
                table: "review_items");

            migrationBuilder.DropColumn(
                name: "signature_version",
                table: "review_items");

            migrationBuilder.DropColumn(
                name: "content_hash",
                table: "classifications");

            migrationBuilder.CreateIndex(
                name: "ix_review_items_signature_id",
                table: "review_items",
                column: "signature_id");

            migrationBuilder.CreateIndex(
                name: "ix_classifications_signature_id_batch_id",
                table: "classifications",
                columns: new[] { "signature_id", "batch_id" },
                unique: true);
        }
    }
}
