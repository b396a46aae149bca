using Aimo.Worker.Budget;
using Aimo.Data.Entities;
using Aimo.Data.Queue;
using Aimo.Worker.Classify;

namespace Aimo.Worker.Commit;

/// <summary>A classification as the commit writes it (from the model, reused, or an earlier result).</summary>
public sealed record ClassificationDraft(string Service, string Category, string Risk, double Confidence, string Rationale, string Model, string Source);

/// <summary>How one version ended: exactly one of a classification and a review.</summary>
/// <param name="SuspectedInjection">The version's text read like instructions to a model: it was quarantined.</param>
public sealed record VersionOutcome(QueueEntry Entry, ClassificationDraft? Classification, ReviewOutcome? Review, bool SuspectedInjection = false)
{
    public string Status => Classification is not null ? SignatureStatuses.Classified : SignatureStatuses.NeedsReview;
}

/// <summary>
/// What one commit writes: the batch of one LLM conversation (null for triage: reuse and poison need no call) with
/// its metrics and settled cost, and the outcome of each version it finished, one per signature.
/// </summary>
public sealed record CommitSet(BatchRecord? Batch, IReadOnlyList<VersionOutcome> Outcomes, BudgetMirror? Mirror);

/// <summary>
/// What a commit recorded. <see cref="Recorded"/>: versions whose outcome this commit wrote. <see cref="Discarded"/>:
/// versions finished before (by another worker that claimed them, or a newer version already finished) — their rows
/// and results are untouched, the batch and its spend are recorded all the same. Either way each is done and can be
/// acknowledged. <see cref="Repeated"/>: this very batch was committed before (a retry after a lost reply).
/// </summary>
public sealed record CommitReceipt(IReadOnlyList<QueueEntry> Recorded, IReadOnlyList<QueueEntry> Discarded, bool Repeated)
{
    public IEnumerable<QueueEntry> Done => Recorded.Concat(Discarded);
}
