using Aimo.Data.Entities;
using Aimo.Data.Live;
using Aimo.Data.Operations;
using Aimo.Data.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aimo.Data.Tests;

/// <summary>
/// Operators' review actions and the results feed: a resolution is an outcome (the version is classified, by an
/// operator) and goes into the feed in its transaction; a dismissal or a requeue is not (the version stays in review,
/// or its next outcome comes from the worker).
/// </summary>
[Collection(DataCollection.Name)]
public sealed class ResolveFeedTests(DataFixture data)
{
    private readonly ReviewActions _actions = new(data.Contexts, new SignatureQueue(data.Redis.Redis), TimeProvider.System,
        new ChangeFeed(data.Redis.Redis, NullLogger<ChangeFeed>.Instance));

    [Fact]
    public async Task Resolving_a_review_item_feeds_the_operators_classification_and_dismissing_feeds_nothing()
    {
        var (resolved, dismissed) = (await SeedAsync(), await SeedAsync());

        await _actions.ResolveAsync(resolved.Id, "ai_service", "high", "known vendor", "alice", "Vendor AI");
        await _actions.DismissAsync(dismissed.Id, "alice");

        await using var db = await data.Contexts.CreateDbContextAsync();
        var ids = new[] { resolved.SignatureId, dismissed.SignatureId };
        var feed = await db.ResultFeed.AsNoTracking().Where(r => ids.Contains(r.SignatureId)).ToListAsync();
        var row = Assert.Single(feed);
        Assert.Equal((resolved.SignatureId, 7L, SignatureStatuses.Classified, "Vendor AI", "ai_service", "high", ClassificationSources.Operator),
            (row.SignatureId, row.SignatureVersion, row.Status, row.Service, row.Category, row.Risk, row.Source));
    }

    private async Task<ReviewItemRecord> SeedAsync()
    {
        var id = "resolve_" + Guid.NewGuid().ToString("N")[..10];
        await using var db = await data.Contexts.CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        db.Signatures.Add(new SignatureRecord
        {
            Id = id, Tier = "A", Host = "x.example.com", PathTemplate = "/", ContentHash = "h", Version = 7,
            Status = SignatureStatuses.NeedsReview, CreatedAt = now, UpdatedAt = now,
        });
        var item = new ReviewItemRecord
        {
            SignatureId = id, SignatureVersion = 7, ContentHash = "h", Tier = "A", Reason = ReviewReasons.InvalidJson, Detail = "d",
            Status = ReviewStatuses.Open, CreatedAt = now,
        };
        db.ReviewItems.Add(item);
        await db.SaveChangesAsync();
        return item;
    }
}
