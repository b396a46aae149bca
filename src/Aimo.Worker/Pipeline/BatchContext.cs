using Aimo.Worker.Budget;
using Aimo.Core.Signatures;
using Aimo.Data.Queue;
using Aimo.Worker.BatchApi;
using Aimo.Worker.Classify;
using Aimo.Worker.Commit;
using Aimo.Worker.Intake;

namespace Aimo.Worker.Pipeline;

/// <summary>
/// One planned batch on its way through the pipeline. Intake fills in what it carries; each later step adds what it
/// produced, and only later steps read it: classify → <see cref="Outcome"/> and the entries' dispositions, commit →
/// <see cref="Receipt"/>, ack acts on both.
/// </summary>
public sealed class BatchContext(
    Tier tier, Checkout checkout, IReadOnlyList<(QueueEntry Entry, FormattedSignature Formatted)> items, bool probe, bool quarantined = false)
{
    /// <summary>New for every run of a batch, so every LLM conversation has its own record; a commit retried after a lost reply is recognised by it.</summary>
    public Guid BatchId { get; } = Guid.CreateVersion7();

    public Tier Tier { get; } = tier;

    /// <summary>The batch's entries, checked out of the worker's holdings until they are acknowledged, deferred or held.</summary>
    public Checkout Checkout { get; } = checkout;

    public IReadOnlyList<(QueueEntry Entry, FormattedSignature Formatted)> Items { get; } = items;

    public IReadOnlyList<QueueEntry> Entries { get; } = [.. items.Select(i => i.Entry)];

    public IReadOnlyList<FormattedSignature> Signatures { get; } = [.. items.Select(i => i.Formatted)];

    /// <summary>The one probe batch allowed while the provider is paused.</summary>
    public bool Probe { get; } = probe;

    /// <summary>A signature whose text reads like instructions to a model, alone in its batch so it can only affect itself.</summary>
    public bool Quarantined { get; } = quarantined;

    /// <summary>Intake: the answer a Batch API job gave this planned batch; its conversation starts from it.</summary>
    public JobAnswer? JobAnswer { get; init; }

    /// <summary>Classify: the batch's budget, a reservation per attempt.</summary>
    public ICallBudget? Budget { get; set; }

    /// <summary>Classify: what the model answered, and the metrics.</summary>
    public ClassifyOutcome? Outcome { get; set; }

    /// <summary>Classify: the versions that ended (classified or to review), one per signature.</summary>
    public IReadOnlyList<VersionOutcome> Finished { get; set; } = [];

    /// <summary>Classify: tier C entries the budget held back.</summary>
    public IReadOnlyList<QueueEntry> Deferred { get; set; } = [];

    /// <summary>Classify: entries whose call failed while reading is paused for an outage: they wait for the provider.</summary>
    public IReadOnlyList<QueueEntry> Held { get; set; } = [];

    /// <summary>Commit: what the commit recorded (null when there was nothing to commit).</summary>
    public CommitReceipt? Receipt { get; set; }
}
