using System.Globalization;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>What one schedule did: requests and answers, versions, polls, faults, the end state and the budget breakdown.</summary>
public sealed record ScheduleFigures(
    int Seed,
    string Tag,
    int NewIds,
    int Requests,
    IReadOnlyDictionary<int, int> AnswersByStatus,
    int AcceptedVersions,
    int Polls,
    int DeferredPolls,
    IReadOnlyDictionary<FaultKind, int> Faults,
    int Classified,
    int NeedsReview,
    IReadOnlyDictionary<string, int> ReviewReasons,
    BudgetChecks.Breakdown Budget,
    bool DayChanged,
    TimeSpan Run,
    TimeSpan Heal)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"seed {Seed} (tag {Tag}): {NewIds} ids, {Requests} requests ({string.Join(", ", AnswersByStatus.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "no answer" : s.Key)}×{s.Value}"))}), " +
        $"{AcceptedVersions} versions accepted, {Polls} polls ({DeferredPolls} saw 'deferred'); faults: " +
        $"{(Faults.Count == 0 ? "none" : string.Join(", ", Faults.OrderBy(f => f.Key).Select(f => $"{f.Key}×{f.Value}")))}; " +
        $"end: {Classified} classified, {NeedsReview} needs_review{(ReviewReasons.Count == 0 ? "" : $" (review items: {string.Join(", ", ReviewReasons.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}×{r.Value}"))})")}; budget: {(DayChanged ? "not checked (the day changed)" : Budget)}; " +
        $"run {Run.TotalSeconds:0}s, heal {Heal.TotalSeconds:0}s");
}
