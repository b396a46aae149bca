namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// Checks 1, 2, 3 and 6: pure functions of the history the clients recorded and the end state, so the checker's own
/// tests can feed them histories with each kind of violation.
/// </summary>
public static class DeliveryChecks
{
    public const int LlmAttempts = 3;

    public static List<Violation> Check(IReadOnlyList<IngestRecord> ingests, IReadOnlyList<PollRecord> polls, FinalState final) =>
    [
        .. EndsAtLatestAcceptedVersion(ingests, final),
        .. final.DuplicateResults.Select(d =>
            new Violation(ViolationKind.DuplicateResult, $"{d.SignatureId} v{d.Version}: {d.Count} model results")),
        .. VersionsNeverGoBack(polls),
        .. NeverOlderThanAcknowledged(ingests, polls),
        .. final.UnavailableReviews.Where(r => r.Attempts is not >= LlmAttempts).Select(r =>
            new Violation(ViolationKind.ReviewTooFewAttempts, r.BatchId is null
                ? $"{r.SignatureId}: reviewed as llm_unavailable with no batch recorded"
                : $"{r.SignatureId}: reviewed as llm_unavailable by batch {r.BatchId} after {r.Attempts} attempt(s)")),
    ];

    /// <summary>
    /// Check 1. The expected end is the highest version any 202 returned. An id that also had a request with no answer (or
    /// an unexplained 5xx) may legitimately end at a newer version that request stored: then only "not older" is required.
    /// A 503 is ingest's promise that nothing was stored, so it widens nothing.
    /// </summary>
    public static IEnumerable<Violation> EndsAtLatestAcceptedVersion(IReadOnlyList<IngestRecord> ingests, FinalState final)
    {
        var unknown = ingests.Where(r => r.Indeterminate).SelectMany(r => r.Ids).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, expected) in History.LatestAccepted(ingests).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!final.Signatures.TryGetValue(id, out var end))
            {
                yield return new(ViolationKind.NotFinished, $"{id}: v{expected} accepted, unknown at the end (404)");
                continue;
            }
            if (end.Status is not ("classified" or "needs_review"))
            {
                yield return new(ViolationKind.NotFinished, $"{id}: v{expected} accepted, ends '{end.Status}' at v{end.Version}");
            }
            if (end.Version != expected && !(unknown.Contains(id) && end.Version > expected))
            {
                yield return new(ViolationKind.WrongVersion, $"{id}: latest accepted v{expected}, ends at v{end.Version} ({end.Status}); answers: {Answers(ingests, id)}");
            }
            if (end.Status == "needs_review"
                && !final.ReviewReasons.GetValueOrDefault(id, []).Any(reason => !string.IsNullOrWhiteSpace(reason)))
            {
                yield return new(ViolationKind.ReviewWithoutReason, $"{id}: needs_review at v{end.Version} without a review item that gives a reason");
            }
        }
    }

    /// <summary>What ingest answered for one id, in order: "202 v… at 1.2s", "503 at 3.4s", "no answer at 5.6s".</summary>
    private static string Answers(IReadOnlyList<IngestRecord> ingests, string id) => string.Join(", ", ingests
        .Where(r => r.Ids.Contains(id))
        .OrderBy(r => r.SentAt)
        .Select(r => r.Status switch
        {
            202 => $"202 {(r.Versions[IndexOf(r.Ids, id)] is { } v ? $"v{v}" : "duplicate")}",
            0 => "no answer",
            var status => $"{status}",
        } + $" ({r.Kind}) sent {r.SentAt.TotalSeconds:0.0}s answered {r.AnsweredAt.TotalSeconds:0.0}s"));

    private static int IndexOf(IReadOnlyList<string> ids, string id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] == id)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Check 3: a poll sent after another was answered never reports an older version (first case per id).</summary>
    public static IEnumerable<Violation> VersionsNeverGoBack(IReadOnlyList<PollRecord> polls)
    {
        foreach (var byId in polls.GroupBy(p => p.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ordered = byId.OrderBy(p => p.SentAt).ToList();
            var found = ordered.SelectMany(later => ordered
                    .Where(earlier => earlier.AnsweredAt < later.SentAt && later.Version < earlier.Version)
                    .Select(earlier => (earlier, later)))
                .FirstOrDefault();
            if (found.earlier is { } e && found.later is { } l)
            {
                yield return new(ViolationKind.VersionWentBack,
                    $"{byId.Key}: v{e.Version} ({e.Status}) answered at {e.AnsweredAt.TotalSeconds:0.000}s, then v{l.Version} ({l.Status}) for a poll sent at {l.SentAt.TotalSeconds:0.000}s");
            }
        }
    }

    /// <summary>
    /// Check 3, from the ingest side: once a 202 returned version v for an id, a poll sent afterwards reports v or newer —
    /// the status route reports the latest accepted version (first case per id).
    /// </summary>
    public static IEnumerable<Violation> NeverOlderThanAcknowledged(IReadOnlyList<IngestRecord> ingests, IReadOnlyList<PollRecord> polls)
    {
        var acknowledged = ingests.Where(r => r.Accepted)
            .SelectMany(r => r.Ids.Select((id, i) => (Id: id, Version: r.Versions[i], r.AnsweredAt)))
            .Where(a => a.Version is not null)
            .ToLookup(a => a.Id, StringComparer.Ordinal);
        foreach (var byId in polls.GroupBy(p => p.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var stale = byId.OrderBy(p => p.SentAt)
                .SelectMany(p => acknowledged[byId.Key].Where(a => a.AnsweredAt < p.SentAt && p.Version < a.Version).Select(a => (p, a)))
                .FirstOrDefault();
            if (stale.p is { } poll)
            {
                yield return new(ViolationKind.StaleAfterAck,
                    $"{byId.Key}: a 202 returned v{stale.a.Version} at {stale.a.AnsweredAt.TotalSeconds:0.000}s, a poll sent at {poll.SentAt.TotalSeconds:0.000}s reported v{poll.Version} ({poll.Status})");
            }
        }
    }
}
