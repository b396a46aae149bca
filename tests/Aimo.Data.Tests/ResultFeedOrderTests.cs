using Aimo.Data.Entities;
using Aimo.Data.Results;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Tests;

/// <summary>
/// The results feed under concurrent commits. A sequence value is taken at insert, not at commit: two transactions can
/// commit out of sequence order, and a reader that already moved past the later number would skip the earlier one.
/// These tests interleave real PostgreSQL transactions through <see cref="ResultFeed.AppendAsync"/>, as the worker's
/// commit and an operator's resolution use it.
/// </summary>
[Collection(DataCollection.Name)]
public sealed class ResultFeedOrderTests(DataFixture data)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ResultFeed _feed = new(data.Contexts);
    private readonly string _prefix = "feed_" + Guid.NewGuid().ToString("N")[..8] + "_";

    [Fact]
    public async Task A_reader_never_skips_an_outcome_whose_transaction_started_first_but_committed_last()
    {
        var reader = await ReaderAtEndAsync();
        await using var first = await data.Contexts.CreateDbContextAsync();
        await using var firstTx = await first.Database.BeginTransactionAsync();
        await ResultFeed.AppendAsync(first, [Row("first")], CancellationToken.None);

        // The second commit starts after the first took its sequence value and tries to commit before it.
        var second = Task.Run(() => CommitAsync(Row("second")));
        await Wait.UntilAsync(async () => second.IsCompleted || await WaitingOnAdvisoryLockAsync(), Timeout,
            "the second commit to finish or to wait for the first");
        await reader.ReadAsync();

        await firstTx.CommitAsync();
        await second.WaitAsync(Timeout);
        await reader.ReadAsync();

        Assert.Equal([_prefix + "first", _prefix + "second"], reader.Seen);
    }

    [Fact]
    public async Task Concurrent_writers_and_a_polling_reader_see_each_outcome_exactly_once_in_commit_order()
    {
        var reader = await ReaderAtEndAsync();
        const int writers = 6, commitsEach = 15;
        var committed = new List<string>();
        var stop = new CancellationTokenSource();
        var polling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await reader.ReadAsync();
            }
        });
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; i < commitsEach; i++)
            {
                await using var db = await data.Contexts.CreateDbContextAsync();
                await using var tx = await db.Database.BeginTransactionAsync();
                var rows = Enumerable.Range(0, 1 + random.Next(3)).Select(k => Row($"w{w}_c{i}_{k}")).ToList();
                await ResultFeed.AppendAsync(db, rows, CancellationToken.None);
                await Task.Delay(random.Next(0, 15));
                await tx.CommitAsync();
                lock (committed)
                {
                    committed.AddRange(rows.Select(r => r.SignatureId));
                }
            }
        })));
        await stop.CancelAsync();
        await polling;
        await reader.ReadAsync();

        Assert.Equal(committed.Count, reader.Seen.Count);
        Assert.Equal(committed.Order(), reader.Seen.Order());
        // Rows of one commit arrive together, in the order the commit wrote them.
        var byCommit = reader.Seen.Select((id, index) => (Commit: id[..id.LastIndexOf('_')], index)).GroupBy(x => x.Commit);
        Assert.All(byCommit, g => Assert.Equal(g.Count() - 1, g.Max(x => x.index) - g.Min(x => x.index)));
    }

    private ResultFeedRecord Row(string name) => new()
    {
        SignatureId = _prefix + name, SignatureVersion = 1, Status = SignatureStatuses.Classified, Service = "s", Category = "ai_service",
        Risk = "low", Confidence = 0.9, Rationale = "r", Model = "m", Source = ClassificationSources.Llm, CommittedAt = DateTimeOffset.UtcNow,
    };

    private async Task CommitAsync(ResultFeedRecord row)
    {
        await using var db = await data.Contexts.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        await ResultFeed.AppendAsync(db, [row], CancellationToken.None);
        await tx.CommitAsync();
    }

    private async Task<bool> WaitingOnAdvisoryLockAsync()
    {
        await using var db = await data.Contexts.CreateDbContextAsync();
        return await db.Database.SqlQueryRaw<int>(
            "SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'").SingleAsync() > 0;
    }

    private async Task<Reader> ReaderAtEndAsync()
    {
        var reader = new Reader(_feed, _prefix);
        await reader.ReadAsync();
        reader.Seen.Clear();
        return reader;
    }

    /// <summary>A feeder: keeps its cursor and records this test's outcomes in the order it reads them.</summary>
    private sealed class Reader(ResultFeed feed, string prefix)
    {
        private long _after;
        public List<string> Seen { get; } = [];

        public async Task ReadAsync()
        {
            ResultsPage page;
            do
            {
                page = await feed.ReadAsync(_after, 50);
                Seen.AddRange(page.Items.Select(i => i.Id).Where(id => id.StartsWith(prefix, StringComparison.Ordinal)));
                Assert.True(FeedCursor.TryDecode(page.Next, out _after));
            }
            while (page.HasMore);
        }
    }
}
