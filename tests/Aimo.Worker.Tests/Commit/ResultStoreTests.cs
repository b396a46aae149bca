using Aimo.Data.Entities;
using Aimo.Data.Live;
using Aimo.Data.Queue;
using Aimo.Worker.Classify;
using Aimo.Worker.Commit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aimo.Worker.Tests.Commit;

/// <summary>
/// The commit rule against a real PostgreSQL: a version is finished once, by the commit that moves the row forward
/// to it, whatever the order or interleaving of commits; every batch is recorded with its spend all the same.
/// </summary>
[Collection(DataCollection.Name)]
public sealed class ResultStoreTests(DataFixture data)
{
    private readonly ResultStore _store = new(data.Contexts, TimeProvider.System, new ChangeFeed(data.Redis.Redis, NullLogger<ChangeFeed>.Instance));

    private static ClassificationDraft Verdict(string service) => new(service, "ai_service", "low", 0.9, "test", "gpt-test", ClassificationSources.Llm);

    private static VersionOutcome Classified(QueueEntry entry, string service = "Example") => new(entry, Verdict(service), null);

    private static BatchRecord Batch(decimal cost = 0.001m) => new()
    {
        Id = Guid.CreateVersion7(), Tier = "A", Model = "gpt-test", Status = BatchStatuses.Succeeded, CostUsdActual = cost,
        StartedAt = DateTimeOffset.UtcNow, FinishedAt = DateTimeOffset.UtcNow,
    };

    private async Task<SignatureRecord?> RowAsync(string id)
    {
        await using var db = await data.Contexts.CreateDbContextAsync();
        return await db.Signatures.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id);
    }

    private async Task<List<ClassificationRecord>> ResultsAsync(string id)
    {
        await using var db = await data.Contexts.CreateDbContextAsync();
        return await db.Classifications.AsNoTracking().Where(c => c.SignatureId == id).ToListAsync();
    }

    [Fact]
    public async Task An_older_version_committed_after_a_newer_one_records_nothing_and_leaves_the_newer_row()
    {
        var id = Entries.NewId();
        var v1 = Entries.Of(id, 100, host: "old.example.com");
        var v2 = Entries.Of(id, 200, host: "new.example.com");

        var second = await _store.CommitAsync(new CommitSet(Batch(), [Classified(v2, "New")], null), CancellationToken.None);
        var first = await _store.CommitAsync(new CommitSet(Batch(), [Classified(v1, "Old")], null), CancellationToken.None);

        Assert.Equal([v2], second.Recorded);
        Assert.Equal([v1], first.Discarded);
        var row = await RowAsync(id);
        Assert.Equal((200L, "new.example.com", SignatureStatuses.Classified), (row!.Version, row.Host, row.Status));
        Assert.Equal(["New"], (await ResultsAsync(id)).Select(c => c.Service));
    }

    [Fact]
    public async Task Concurrent_commits_of_two_versions_always_leave_the_newer_one_whatever_the_interleaving()
    {
        // Each id starts at an old version, then v1 and v2 are committed at the same moment from two connections.
        var ids = Enumerable.Range(0, 60).Select(_ => Entries.NewId("race")).ToList();
        foreach (var id in ids)
        {
            await _store.CommitAsync(new CommitSet(null, [Classified(Entries.Of(id, 10))], null), CancellationToken.None);
        }
        await Task.WhenAll(ids.Select(async id =>
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var commits = new[] { (Version: 100L, Service: "v1"), (Version: 200L, Service: "v2") }.Select(v => Task.Run(async () =>
            {
                await start.Task;
                await _store.CommitAsync(new CommitSet(Batch(), [Classified(Entries.Of(id, v.Version), v.Service)], null), CancellationToken.None);
            })).ToList();
            start.SetResult();
            await Task.WhenAll(commits);
        }));

        foreach (var id in ids)
        {
            var row = await RowAsync(id);
            Assert.Equal(200, row!.Version);
            var results = await ResultsAsync(id);
            Assert.Contains(results, c => c.SignatureVersion == 200 && c.Service == "v2");
            Assert.All(results.GroupBy(c => c.SignatureVersion), g => Assert.Single(g));
        }
    }

    [Fact]
    public async Task A_second_commit_of_a_finished_version_writes_no_second_result_and_still_records_its_batch_and_spend()
    {
        // A worker woken from a long pause commits the version the survivor that claimed its entries already finished.
        var id = Entries.NewId("fence");
        var survivor = Batch(0.002m);
        var woken = Batch(0.003m);
        var first = await _store.CommitAsync(new CommitSet(survivor, [Classified(Entries.Of(id, 500), "Survivor")], null), CancellationToken.None);
        var late = await _store.CommitAsync(new CommitSet(woken, [new VersionOutcome(Entries.Of(id, 500), null,
            new ReviewOutcome(id, ReviewReasons.LlmUnavailable, "late failure"))], null), CancellationToken.None);

        Assert.Single(first.Recorded);
        Assert.Single(late.Discarded);
        Assert.Equal(["Survivor"], (await ResultsAsync(id)).Select(c => c.Service));
        await using var db = await data.Contexts.CreateDbContextAsync();
        Assert.Empty(await db.ReviewItems.Where(r => r.SignatureId == id).ToListAsync());
        Assert.Equal(SignatureStatuses.Classified, (await RowAsync(id))!.Status);
        var late_ = await db.Batches.Include(b => b.Items).SingleAsync(b => b.Id == woken.Id);
        Assert.Equal(0.003m, late_.CostUsdActual);
        Assert.Equal(BatchRecords.Discarded, Assert.Single(late_.Items).Outcome);
    }

    [Fact]
    public async Task A_commit_retried_after_a_lost_reply_is_recognised_by_its_batch_id()
    {
        var id = Entries.NewId("retry");
        var batch = Batch();
        var set = new CommitSet(batch, [Classified(Entries.Of(id, 700))], null);
        await _store.CommitAsync(set, CancellationToken.None);
        batch.Items = [];
        var again = await _store.CommitAsync(set, CancellationToken.None);

        Assert.True(again.Repeated);
        Assert.Single(again.Done);
        await using var db = await data.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.Batches.CountAsync(b => b.Id == batch.Id));
    }

    [Fact]
    public async Task Reuse_takes_only_a_result_made_for_exactly_the_entrys_content()
    {
        var id = Entries.NewId("reuse");
        var openai = Entries.Of(id, 10, host: "api.openai.com");
        await _store.CommitAsync(new CommitSet(Batch(), [Classified(openai, "OpenAI API")], null), CancellationToken.None);
        var dropbox = Entries.Of(id, 20, host: "files.dropbox.com");
        await _store.CommitAsync(new CommitSet(Batch(), [new VersionOutcome(dropbox, null, new ReviewOutcome(id, ReviewReasons.LlmUnavailable, "down"))], null),
            CancellationToken.None);

        var sameAsDropbox = Entries.Of(id, 30, host: "files.dropbox.com");
        var sameAsOpenAi = Entries.Of(id, 40, host: "api.openai.com");
        Assert.Empty(await _store.ReusableAsync([sameAsDropbox], TimeSpan.FromDays(7), CancellationToken.None));
        var reusable = await _store.ReusableAsync([sameAsOpenAi], TimeSpan.FromDays(7), CancellationToken.None);
        Assert.Equal("OpenAI API", reusable[id].Service);
        Assert.Equal(ClassificationSources.Reuse, reusable[id].Source);
    }

    [Fact]
    public async Task Stats_written_by_the_commit_read_back_through_the_model()
    {
        var id = Entries.NewId("stats");
        await _store.CommitAsync(new CommitSet(null, [Classified(Entries.Of(id, 5))], null), CancellationToken.None);
        var row = await RowAsync(id);
        Assert.Equal((10L, 2L, 300L), (row!.Stats!.Requests!.Value, row.Stats.Users!.Value, row.Stats.BytesOut!.Value));
        Assert.Equal(["GET /x"], row.Samples);
    }

    [Fact]
    public async Task Finished_versions_are_those_at_or_below_the_rows_version()
    {
        var id = Entries.NewId("done");
        await _store.CommitAsync(new CommitSet(null, [Classified(Entries.Of(id, 50))], null), CancellationToken.None);
        var older = Entries.Of(id, 40);
        var same = Entries.Of(id, 50);
        var newer = Entries.Of(id, 60);
        var finished = await _store.FinishedAsync([older, same, newer], CancellationToken.None);
        Assert.True(finished.SetEquals([older.Key, same.Key]), string.Join(", ", finished));
    }

    [Fact]
    public async Task A_commit_puts_each_outcome_it_recorded_into_the_results_feed_and_none_it_discarded()
    {
        var (classified, reviewed, stale) = (Entries.NewId(), Entries.NewId(), Entries.NewId());
        await _store.CommitAsync(new CommitSet(Batch(), [Classified(Entries.Of(stale, 300), "Newest")], null), CancellationToken.None);
        var batch = Batch();

        await _store.CommitAsync(new CommitSet(batch, [
            Classified(Entries.Of(classified, 100), "Example"),
            new VersionOutcome(Entries.Of(reviewed, 101), null, new ReviewOutcome(reviewed, ReviewReasons.InvalidJson, "not JSON")),
            Classified(Entries.Of(stale, 299), "Older"),
        ], null), CancellationToken.None);

        await using var db = await data.Contexts.CreateDbContextAsync();
        var feed = await db.ResultFeed.AsNoTracking().Where(r => r.BatchId == batch.Id).OrderBy(r => r.Seq).ToListAsync();
        Assert.Equal([(classified, 100L, SignatureStatuses.Classified, "Example", (string?)null), (reviewed, 101L, SignatureStatuses.NeedsReview, null, ReviewReasons.InvalidJson)],
            feed.Select(r => (r.SignatureId, r.SignatureVersion, r.Status, r.Service, r.ReviewReason)));
    }
}
