using Aimo.Core.Signatures;

namespace Aimo.Worker.Queue;

/// <summary>A tier's unfinished entries and when the oldest of them was enqueued (null when there is none).</summary>
public sealed record TierBacklog(Tier Tier, long Depth, DateTimeOffset? Oldest);
