using Aimo.Core.Signatures;
using Aimo.Data.Queue;

namespace Aimo.Worker.Tests;

/// <summary>Queue entries as the worker reads them, without a stream: versions and content chosen by the test.</summary>
internal static class Entries
{
    private static long _nextEntry = 1;

    public static QueueEntry Of(string id, long version, Tier tier = Tier.A, string host = "api.example.com", string sample = "GET /x",
        string origin = SignatureQueue.OriginIngest)
    {
        var signature = new Signature(id, tier, "GET", host, "/x", [sample], new SignatureStats(10, 2, 300, null, null));
        return new QueueEntry(tier, $"{Interlocked.Increment(ref _nextEntry)}-0", signature, SignatureId.ContentHash(signature),
            DateTimeOffset.UtcNow, origin, version);
    }

    public static string NewId(string prefix = "sig") => $"{prefix}-{Guid.NewGuid():N}";
}
