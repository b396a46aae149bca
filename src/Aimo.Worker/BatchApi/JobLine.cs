using System.Security.Cryptography;
using System.Text;
using Aimo.Data.Queue;

namespace Aimo.Worker.BatchApi;

/// <summary>A stream entry a job line carries, with the signature version it was planned with.</summary>
public sealed record JobEntry(string EntryId, string SignatureId, long Version);

/// <summary>
/// One line of a job: one planned batch (≤ 20 signatures / ≤ 8,000 chars, as the synchronous path plans them), named
/// by a <see cref="CustomId"/> derived from its entries, so the same planned batch always has the same id.
/// </summary>
/// <param name="Quarantined">A signature whose text reads like instructions to a model, alone in its line (as in its synchronous batch).</param>
public sealed record JobLine(string CustomId, IReadOnlyList<JobEntry> Entries, bool Quarantined = false)
{
    public static JobLine For(IReadOnlyList<QueueEntry> entries, bool quarantined = false) =>
        new(StableId("b", entries.Select(e => e.EntryId)), [.. entries.Select(e => new JobEntry(e.EntryId, e.SignatureId, e.Version))], quarantined);

    public IReadOnlyList<string> EntryIds => [.. Entries.Select(e => e.EntryId)];

    /// <summary>The key of a job: its lines' ids, so a planned set can be written as a job row once only.</summary>
    public static string JobKey(IEnumerable<JobLine> lines) => StableId("j", lines.Select(l => l.CustomId));

    private static string StableId(string prefix, IEnumerable<string> parts)
    {
        var text = string.Join(',', parts.Order(StringComparer.Ordinal));
        return prefix + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40];
    }
}
