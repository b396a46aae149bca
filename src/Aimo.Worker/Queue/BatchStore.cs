using Aimo.Core.Classification;
using Aimo.Data;
using Aimo.Data.Entities;
using Aimo.Worker.Processing;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Worker.Queue;

/// <summary>What one commit writes: an optional LLM batch, reused results and review items for a set of entries.</summary>
public sealed record CommitSet(
    Guid? BatchId,
    BatchOutcome? Outcome,
    IReadOnlyList<QueueEntry> Entries,
    IReadOnlyDictionary<string, ClassificationRecord> Reused,
    IReadOnlyList<ReviewOutcome> ExtraReviews,
    DateOnly BudgetDay,
    decimal BudgetUsd,
    decimal? SpentUsdAfter);

/// <summary>Reads and writes Postgres for the consumer; each commit is one transaction.</summary>
public sealed class BatchStore(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>Entries whose signature already got a final result after they were enqueued (a redelivery).</summary>
    public async Task<HashSet<string>> AlreadyDoneAsync(IReadOnlyList<QueueEntry> entries, CancellationToken cancellationToken)
    {
        var ids = entries.Where(e => e.Signature is not null).Select(e => e.SignatureId).Distinct().ToList();
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AimoDbContext>();
        var rows = await db.Signatures.AsNoTracking()
            .Where(s => ids.Contains(s.Id) && (s.Status == SignatureStatuses.Classified || s.Status == SignatureStatuses.NeedsReview))
            .Select(s => new { s.Id, s.UpdatedAt })
            .ToDictionaryAsync(s => s.Id, s => s.UpdatedAt, cancellationToken);
        return [.. entries.Where(e => rows.TryGetValue(e.SignatureId, out var at) && at >= e.EnqueuedAt).Select(e => e.EntryId)];
    }

    /// <summary>The newest LLM/operator classification within the window, per signature whose content hash is unchanged.</summary>
    public async Task<Dictionary<string, ClassificationRecord>> ReusableAsync(
        IReadOnlyList<QueueEntry> entries, TimeSpan window, CancellationToken cancellationToken)
    {
        var candidates = entries.Where(e => e.Signature is not null && e.Origin != "requeue").ToList();
        if (window <= TimeSpan.Zero || candidates.Count == 0)
        {
            return [];
        }
        var ids = candidates.Select(e => e.SignatureId).Distinct().ToList();
        var since = time.GetUtcNow() - window;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AimoDbContext>();
        var hashes = await db.Signatures.AsNoTracking().Where(s => ids.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.ContentHash, cancellationToken);
        var latest = await db.Classifications.AsNoTracking()
            .Where(c => ids.Contains(c.SignatureId) && c.CreatedAt >= since)
            .GroupBy(c => c.SignatureId)
            .Select(g => g.OrderByDescending(c => c.CreatedAt).First())
            .ToListAsync(cancellationToken);
        return latest
            .Where(c => candidates.Any(e => e.SignatureId == c.SignatureId && hashes.GetValueOrDefault(c.SignatureId) == e.ContentHash))
            .ToDictionary(c => c.SignatureId);
    }

    public async Task<decimal> SpentUsdAsync(DateOnly day, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AimoDbContext>();
        return await db.BudgetDays.AsNoTracking().Where(d => d.Day == day).Select(d => (decimal?)d.SpentUsd).FirstOrDefaultAsync(cancellationToken) ?? 0m;
    }

    /// <summary>Marks signatures deferred (tier C held back by the budget) so the UI shows why they wait.</summary>
    public async Task MarkDeferredAsync(IReadOnlyList<QueueEntry> entries, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AimoDbContext>();
        var ids = entries.Select(e => e.SignatureId).ToList();
        await db.Signatures.Where(s => ids.Contains(s.Id) && s.Status == SignatureStatuses.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SignatureStatuses.Deferred), cancellationToken);
    }

    /// <summary>Writes everything in one transaction. False when this batch was already committed (redelivery).</summary>
    public async Task<bool> CommitAsync(CommitSet set, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AimoDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            if (set.BatchId is { } existing && await db.Batches.AnyAsync(b => b.Id == existing, cancellationToken))
            {
                return false;
            }
            var now = time.GetUtcNow();
            var byId = set.Entries.Where(e => e.Signature is not null).GroupBy(e => e.SignatureId).ToDictionary(g => g.Key, g => g.Last());
            var ids = byId.Keys.ToList();
            var rows = await db.Signatures.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
            SignatureRecord Row(QueueEntry entry)
            {
                if (!rows.TryGetValue(entry.SignatureId, out var row))
                {
                    var s = entry.Signature!;
                    row = new SignatureRecord
                    {
                        Id = s.Id, Tier = s.Tier.ToString(), Method = s.Method, Host = s.Host, PathTemplate = s.PathTemplate,
                        Samples = [.. s.Samples], ContentHash = entry.ContentHash, Status = SignatureStatuses.Queued, CreatedAt = now,
                        Stats = s.Stats is { } st ? new SignatureStatsRecord
                        {
                            Requests = st.Requests, Users = st.Users, BytesOut = st.BytesOut, FirstSeen = st.FirstSeen, LastSeen = st.LastSeen,
                        } : null,
                    };
                    db.Signatures.Add(row);
                    rows[row.Id] = row;
                }
                else
                {
                    var s = entry.Signature!;
                    row.Tier = s.Tier.ToString();
                    row.Method = s.Method;
                    row.Host = s.Host;
                    row.PathTemplate = s.PathTemplate;
                    row.Samples = [.. s.Samples];
                    row.ContentHash = entry.ContentHash;
                }
                row.UpdatedAt = now;
                return row;
            }

            var outcome = set.Outcome;
            if (outcome is not null && set.BatchId is { } batchId)
            {
                var reviewIds = outcome.Reviews.Select(r => r.SignatureId).ToHashSet();
                var classified = outcome.Results.Count;
                db.Batches.Add(new BatchRecord
                {
                    Id = batchId, Tier = outcome.Tier.ToString(), Model = outcome.Model, SignatureCount = outcome.SignatureCount,
                    SampleChars = outcome.SampleChars, EstimatedInputTokens = outcome.EstimatedInputTokens,
                    EstimatedOutputTokens = outcome.EstimatedOutputTokens, InputTokens = outcome.InputTokens,
                    OutputTokens = outcome.OutputTokens, CostUsdEstimated = outcome.CostUsdEstimated, CostUsdActual = outcome.CostUsdActual,
                    LatencyMs = outcome.LatencyMs, Attempts = outcome.Attempts, JsonRetries = outcome.JsonRetries,
                    SuccessRate = outcome.SuccessRate,
                    Status = classified == outcome.SignatureCount ? BatchStatuses.Succeeded : classified == 0 ? BatchStatuses.Failed : BatchStatuses.Partial,
                    Error = outcome.UnknownIds.Count > 0 ? $"Rejected results for ids not in the batch: {string.Join(", ", outcome.UnknownIds.Take(20))}" : null,
                    StartedAt = outcome.StartedAt, FinishedAt = outcome.FinishedAt,
                    Items = [.. set.Entries.Where(e => e.Signature is not null && !set.Reused.ContainsKey(e.SignatureId))
                        .Select(e => e.SignatureId).Distinct()
                        .Select(id => new BatchItemRecord
                        {
                            BatchId = batchId, SignatureId = id,
                            Outcome = reviewIds.Contains(id) && outcome.Results.All(r => r.Id != id) ? SignatureStatuses.NeedsReview : SignatureStatuses.Classified,
                        })],
                });
                foreach (var result in outcome.Results)
                {
                    if (!byId.TryGetValue(result.Id, out var entry)) continue;
                    var row = Row(entry);
                    row.Status = SignatureStatuses.Classified;
                    row.ClassifiedAt = now;
                    row.LastBatchId = batchId;
                    db.Classifications.Add(ToRecord(result, batchId, outcome.Model, now));
                }
                foreach (var review in outcome.Reviews.Where(r => outcome.Results.All(x => x.Id != r.SignatureId)))
                {
                    if (!byId.TryGetValue(review.SignatureId, out var entry)) continue;
                    var row = Row(entry);
                    row.Status = SignatureStatuses.NeedsReview;
                    row.LastBatchId = batchId;
                    db.ReviewItems.Add(ToReview(review, batchId, entry, now));
                }
            }
            foreach (var (id, reused) in set.Reused)
            {
                var row = Row(byId[id]);
                row.Status = SignatureStatuses.Classified;
                row.ClassifiedAt = now;
                db.Classifications.Add(new ClassificationRecord
                {
                    SignatureId = id, BatchId = null, Service = reused.Service, Category = reused.Category, Risk = reused.Risk,
                    Confidence = reused.Confidence, Rationale = reused.Rationale, Model = reused.Model,
                    Source = ClassificationSources.Reuse, CreatedAt = now,
                });
            }
            foreach (var review in set.ExtraReviews)
            {
                var entry = set.Entries.FirstOrDefault(e => e.SignatureId == review.SignatureId);
                if (entry?.Signature is not null)
                {
                    Row(entry).Status = SignatureStatuses.NeedsReview;
                }
                db.ReviewItems.Add(ToReview(review, null, entry, now));
            }
            await db.SaveChangesAsync(cancellationToken);
            if (set.SpentUsdAfter is { } spent)
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT INTO budget_days (day, budget_usd, spent_usd, batches, updated_at)
                    VALUES ({set.BudgetDay}, {set.BudgetUsd}, {spent}, 1, {now})
                    ON CONFLICT (day) DO UPDATE SET
                      spent_usd = GREATEST(budget_days.spent_usd, EXCLUDED.spent_usd),
                      budget_usd = EXCLUDED.budget_usd,
                      batches = budget_days.batches + 1,
                      updated_at = EXCLUDED.updated_at
                    """, cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
            return true;
        });
    }

    private static ClassificationRecord ToRecord(ClassificationResult result, Guid batchId, string model, DateTimeOffset now) => new()
    {
        SignatureId = result.Id, BatchId = batchId, Service = result.Service, Category = AimoJson.ToWire(result.Category),
        Risk = AimoJson.ToWire(result.Risk), Confidence = result.Confidence, Rationale = result.Rationale, Model = model,
        Source = ClassificationSources.Llm, CreatedAt = now,
    };

    private static ReviewItemRecord ToReview(ReviewOutcome review, Guid? batchId, QueueEntry? entry, DateTimeOffset now) => new()
    {
        SignatureId = review.SignatureId, BatchId = batchId, Tier = entry?.Tier.ToString() ?? "C", Reason = review.Reason,
        Detail = review.Detail, HttpStatus = review.HttpStatus, RawExcerpt = review.RawExcerpt, Status = ReviewStatuses.Open, CreatedAt = now,
    };
}
