namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// The checker checks itself: synthetic histories with one kind of violation each must be reported, and the same
/// histories without it must not — a checker that cannot fail proves nothing.
/// </summary>
public sealed class DeliveryChecksTests
{
    private static TimeSpan T(double seconds) => TimeSpan.FromSeconds(seconds);

    private static IngestRecord Accepted(double at, params (string Id, long? Version)[] items) =>
        new(T(at), T(at + 0.1), StepKind.New, [.. items.Select(i => i.Id)], 202, [.. items.Select(i => i.Version)]);

    private static IngestRecord Answered(double at, int status, params string[] ids) => new(T(at), T(at + 0.1), StepKind.NewVersion, ids, status, []);

    private static PollRecord Poll(double sent, double answered, string id, long version, string status = "queued") =>
        new(T(sent), T(answered), id, version, status);

    private static FinalSignature Sig(string id, long version, string status) => new(id, version, status);

    private static FinalState End(params FinalSignature[] signatures) =>
        new(signatures.ToDictionary(s => s.Id), new Dictionary<string, IReadOnlyList<string>>(), [], []);

    private static List<ViolationKind> Kinds(IReadOnlyList<IngestRecord> ingests, IReadOnlyList<PollRecord> polls, FinalState final) =>
        [.. DeliveryChecks.Check(ingests, polls, final).Select(v => v.Kind)];

    [Fact]
    public void A_clean_history_has_no_violation()
    {
        IngestRecord[] ingests = [Accepted(0, ("a", 10), ("b", 11)), Accepted(1, ("a", 20), ("b", null))];
        PollRecord[] polls = [Poll(0.5, 0.6, "a", 10), Poll(1.2, 1.3, "a", 20), Poll(1.4, 1.5, "a", 20, "classified")];
        var final = End(Sig("a", 20, "classified"), Sig("b", 11, "classified"));

        Assert.Empty(Kinds(ingests, polls, final));
    }

    [Fact]
    public void An_accepted_id_that_is_still_queued_or_unknown_at_the_end_is_not_finished()
    {
        IngestRecord[] ingests = [Accepted(0, ("a", 10), ("b", 11))];

        Assert.Equal([ViolationKind.NotFinished, ViolationKind.NotFinished], Kinds(ingests, [], End(Sig("a", 10, "queued"))));
        Assert.Equal([ViolationKind.NotFinished], Kinds(ingests, [], End(Sig("a", 10, "deferred"), Sig("b", 11, "classified"))));
    }

    [Fact]
    public void An_id_ending_at_an_older_or_unacknowledged_version_is_reported_unless_an_unanswered_request_may_have_stored_it()
    {
        var older = End(Sig("a", 10, "classified"));
        var newer = End(Sig("a", 30, "classified"));
        IngestRecord[] acknowledged = [Accepted(0, ("a", 10)), Accepted(1, ("a", 20))];

        Assert.Equal([ViolationKind.WrongVersion], Kinds(acknowledged, [], older));
        Assert.Equal([ViolationKind.WrongVersion], Kinds(acknowledged, [], newer));
        Assert.Empty(Kinds([.. acknowledged, Answered(2, 0, "a")], [], newer));
        Assert.Equal([ViolationKind.WrongVersion], Kinds([.. acknowledged, Answered(2, 0, "a")], [], older));
        // A 503 promises nothing was stored: it explains no newer version.
        Assert.Equal([ViolationKind.WrongVersion], Kinds([.. acknowledged, Answered(2, 503, "a")], [], newer));
        // A duplicate's null version is no acceptance of a version.
        Assert.Empty(Kinds([Accepted(0, ("a", 10)), Accepted(1, ("a", null))], [], older));
    }

    [Fact]
    public void Needs_review_without_a_review_item_that_gives_a_reason_is_reported()
    {
        IngestRecord[] ingests = [Accepted(0, ("a", 10))];
        var reviewed = End(Sig("a", 10, "needs_review"));

        Assert.Equal([ViolationKind.ReviewWithoutReason], Kinds(ingests, [], reviewed));
        Assert.Equal([ViolationKind.ReviewWithoutReason], Kinds(ingests, [], reviewed with { ReviewReasons = new Dictionary<string, IReadOnlyList<string>> { ["a"] = [" "] } }));
        Assert.Empty(Kinds(ingests, [], reviewed with { ReviewReasons = new Dictionary<string, IReadOnlyList<string>> { ["a"] = ["", "llm_unavailable"] } }));
    }

    [Fact]
    public void Two_model_results_for_one_version_are_reported()
    {
        var final = End() with { DuplicateResults = [new DuplicateResult("a", 10, 2)] };

        Assert.Equal([ViolationKind.DuplicateResult], Kinds([], [], final));
    }

    [Fact]
    public void A_poll_that_reports_an_older_version_than_an_earlier_answered_poll_is_reported_but_overlapping_polls_are_not()
    {
        Assert.Equal([ViolationKind.VersionWentBack], Kinds([], [Poll(0, 1, "a", 20), Poll(2, 3, "a", 10)], End()));
        // The second poll was sent before the first was answered: either order is possible.
        Assert.Empty(Kinds([], [Poll(0, 3, "a", 20), Poll(2, 4, "a", 10)], End()));
        // Reported once per id, however often it happens.
        Assert.Equal([ViolationKind.VersionWentBack], Kinds([], [Poll(0, 1, "a", 20), Poll(2, 3, "a", 10), Poll(4, 5, "a", 5)], End()));
    }

    [Fact]
    public void A_poll_sent_after_a_202_that_reports_an_older_version_than_the_202_returned_is_reported()
    {
        IngestRecord[] ingests = [Accepted(0, ("a", 10)), Accepted(2, ("a", 20))];
        var final = End(Sig("a", 20, "classified"));

        Assert.Equal([ViolationKind.StaleAfterAck], Kinds(ingests, [Poll(3, 3.1, "a", 10)], final));
        // Sent before the 202 was answered: the older version may still be the latest the route knows.
        Assert.Empty(Kinds(ingests, [Poll(2.05, 2.2, "a", 10)], final));
    }

    [Fact]
    public void An_llm_unavailable_review_after_fewer_than_three_attempts_or_without_a_batch_is_reported()
    {
        var final = End() with
        {
            UnavailableReviews = [new UnavailableReview("a", "b1", 3), new UnavailableReview("b", "b2", 2), new UnavailableReview("c", null, null)],
        };

        var violations = DeliveryChecks.Check([], [], final);

        Assert.Equal(2, violations.Count(v => v.Kind == ViolationKind.ReviewTooFewAttempts));
        Assert.Contains(violations, v => v.Detail.StartsWith("b:", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Detail.StartsWith("c:", StringComparison.Ordinal));
    }
}
