using Aimo.Data.Queries.Dashboard;
using Npgsql;

namespace Aimo.Data.Tests;

/// <summary>
/// The grids' free-text search matches the text literally: ids are full of '_' and paths hold '%' escapes, which a
/// LIKE pattern would otherwise read as wildcards (or, escaped with no escape character, never match).
/// </summary>
[Collection(DataCollection.Name)]
public sealed class TextSearchTests(DataFixture data)
{
    [Fact]
    public async Task Search_text_with_underscore_percent_and_backslash_matches_literally()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        string[] ids = [$"sup_{tag}", $"supX{tag}", $"pct{tag}", $"bs{tag}"];
        await using var db = NpgsqlDataSource.Create(data.Postgres.ConnectionString);
        foreach (var (id, path) in ids.Zip(new[] { "/a", "/b", "/q%20x", @"/c\d" }))
        {
            await db.ExecAsync("""
                INSERT INTO signatures (id, tier, method, host, path_template, samples, content_hash, version, status, created_at, updated_at)
                VALUES ($1, 'A', 'GET', 'search.example.com', $2, ARRAY['GET /'], repeat('0', 64), 2, 'needs_review', now(), now())
                """, id, path);
            await db.ExecAsync("""
                INSERT INTO review_items (signature_id, signature_version, tier, reason, detail, status, created_at)
                VALUES ($1, 2, 'A', 'llm_unavailable', 'HTTP 500', 'open', now())
                """, id);
        }

        async Task<List<string>> Signatures(string text) =>
            (await new SignatureSearchQueries(data.Contexts).SearchAsync(new PageRequest(0, 50), new SignatureFilter(text)))
                .Items.Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
        async Task<List<string>> Review(string text) =>
            (await new ReviewGridQueries(data.Contexts).ListAsync(new PageRequest(0, 50), new ReviewFilter(Text: text)))
                .Items.Select(r => r.Item.SignatureId).Order(StringComparer.Ordinal).ToList();

        foreach (var search in new[] { Signatures, Review })
        {
            Assert.Equal([$"sup_{tag}"], await search($"sup_{tag}"));
            Assert.Equal([$"pct{tag}"], await search($"%20x"));
            Assert.Equal([$"bs{tag}"], await search(@"\d"));
        }
    }
}
