using Aimo.Data.Entities;
using Aimo.Worker.Processing;
using Aimo.Worker.Queue;

namespace Aimo.Worker.Storage;

/// <summary>The day's spend after a batch, mirrored to <c>budget_days</c> in the batch's transaction.</summary>
public sealed record BudgetMirror(DateOnly Day, decimal BudgetUsd, long SpentMicros);

/// <summary>
/// What one commit writes: an optional LLM batch (with its settled cost), reused results and review items, for
/// entries that each carry a different signature.
/// </summary>
public sealed record CommitSet(
    Guid? BatchId,
    BatchOutcome? Outcome,
    decimal CostUsdEstimated,
    decimal? CostUsdActual,
    IReadOnlyList<QueueEntry> Entries,
    IReadOnlyDictionary<string, ClassificationRecord> Reused,
    IReadOnlyList<ReviewOutcome> ExtraReviews,
    BudgetMirror? Mirror);
