using Aimo.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries;

/// <summary>One LLM request and its metrics, as the API and the admin UI show it.</summary>
public sealed record BatchSummary(
    Guid Id, string Tier, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Model,
    int SignatureCount, int SampleChars, int EstimatedInputTokens, int EstimatedOutputTokens,
    int InputTokens, int OutputTokens, decimal CostUsdEstimated, decimal? CostUsdActual,
    long LatencyMs, int Attempts, int JsonRetries, double SuccessRate, string Status, string? Error, decimal BatchApiCostUsd, Guid? BatchJobId);

/// <summary>A signature a batch carried and how it ended there.</summary>
public sealed record BatchItemView(
    string SignatureId, string? Host, string? PathTemplate, string Outcome,
    ClassificationView? Result, string? ReviewReason, string? ReviewDetail);

public sealed record BatchDetail(BatchSummary Batch, IReadOnlyList<BatchItemView> Items);

/// <summary>A stored classification.</summary>
public sealed record ClassificationView(
    string Service, string Category, string Risk, double Confidence, string Rationale,
    string Model, string Source, Guid? BatchId, string? ResolvedBy, DateTimeOffset CreatedAt, long SignatureVersion);

public sealed class BatchQueries(IDbContextFactory<AimoDbContext> contexts)
{
    public const int MaxLimit = 500;

    /// <summary>Newest first; <paramref name="before"/> pages by start time.</summary>
    public async Task<IReadOnlyList<BatchSummary>> ListAsync(int limit = 50, DateTimeOffset? before = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Batches.AsNoTracking();
        if (before is { } b)
        {
            query = query.Where(x => x.StartedAt < b);
        }
        var rows = await query.OrderByDescending(x => x.StartedAt).ThenByDescending(x => x.Id)
            .Take(Math.Clamp(limit, 1, MaxLimit)).ToListAsync(cancellationToken);
        return rows.Select(ToSummary).ToList();
    }

    public async Task<BatchDetail?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var batch = await db.Batches.AsNoTracking().Include(x => x.Items).FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (batch is null)
        {
            return null;
        }
        var ids = batch.Items.Select(i => i.SignatureId).ToList();
        var signatures = await db.Signatures.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, s.Host, s.PathTemplate }).ToDictionaryAsync(s => s.Id, cancellationToken);
        var results = (await db.Classifications.AsNoTracking().Where(c => c.BatchId == id).ToListAsync(cancellationToken))
            .ToDictionary(c => c.SignatureId);
        var reviews = (await db.ReviewItems.AsNoTracking().Where(r => r.BatchId == id).OrderBy(r => r.Id).ToListAsync(cancellationToken))
            .GroupBy(r => r.SignatureId).ToDictionary(g => g.Key, g => g.First());
        var items = batch.Items.OrderBy(i => i.SignatureId, StringComparer.Ordinal).Select(i =>
        {
            signatures.TryGetValue(i.SignatureId, out var s);
            reviews.TryGetValue(i.SignatureId, out var r);
            return new BatchItemView(i.SignatureId, s?.Host, s?.PathTemplate, i.Outcome,
                results.TryGetValue(i.SignatureId, out var c) ? ToView(c) : null, r?.Reason, r?.Detail);
        }).ToList();
        return new BatchDetail(ToSummary(batch), items);
    }

    internal static ClassificationView ToView(ClassificationRecord c) =>
        new(c.Service, c.Category, c.Risk, c.Confidence, c.Rationale, c.Model, c.Source, c.BatchId, c.ResolvedBy, c.CreatedAt, c.SignatureVersion);

    private static BatchSummary ToSummary(BatchRecord b) => new(
        b.Id, b.Tier, b.StartedAt, b.FinishedAt, b.Model, b.SignatureCount, b.SampleChars,
        b.EstimatedInputTokens, b.EstimatedOutputTokens, b.InputTokens, b.OutputTokens,
        b.CostUsdEstimated, b.CostUsdActual, b.LatencyMs, b.Attempts, b.JsonRetries, b.SuccessRate, b.Status, b.Error,
        b.BatchApiCostUsd, b.BatchJobId);
}
