using Microsoft.Extensions.AI;

namespace Aimo.Worker.BatchApi;

/// <summary>
/// A job line's answer, handed to the synchronous path as the first call of its batch's conversation: the same
/// validator, re-ask, split, steering check and commit then apply. Its cost (at the batch price) is the job's
/// reservation's to settle, not the batch's budget's.
/// </summary>
public sealed record JobAnswer(Guid JobId, ChatResponse Response, long CostMicros);
