using System.ComponentModel.DataAnnotations;

namespace Aimo.LlmSimulator.Batches;

/// <summary>What a forced job does instead of completing. Serialized snake_case: <c>expired</c>, <c>failed</c>.</summary>
public enum BatchFaultOutcome
{
    /// <summary>Runs out of its window after <see cref="BatchFault.Answered"/> lines; the rest are <c>batch_expired</c> in the error file.</summary>
    Expired,

    /// <summary>Fails while validating with <c>token_limit_exceeded</c>, as when the organization's batch queue is full.</summary>
    Failed,
}

/// <summary>A fault for the next job created: <c>{"outcome":"expired","answered":2}</c> or <c>{"outcome":"failed"}</c>.</summary>
public sealed record BatchFault(BatchFaultOutcome Outcome, [property: Range(0, BatchInput.MaxLines)] int? Answered = null);
