using Aimo.Core.Budget;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// Checks 4 and 5 over one schedule, all in micro-USD (µ), after quiescence.
///
/// <para><b>What adds to Redis's spend.</b> The worker adds (a) the price of a call's reported usage, rounded up, when
/// the call returned; (b) the call's reservation estimate when it failed after an attempt that ended without a complete
/// response (the provider may have billed it); (c) the sweep adds an unsettled lease's estimate (worker dead, lease
/// expired) and lists it in <c>BudgetConverted(day)</c>; a late settlement corrects it to (a) or (b) and unlists it.
/// llm-sim bills each completion it produced once, whether or not its client read it.</para>
///
/// <para><b>Lower bound: spent ≥ billed.</b> A billed completion whose usage reached the worker is counted at least at its
/// price by (a); one whose usage did not belongs to a call counted at its estimate by (b) or (c), which covers one
/// completion (150 output tokens per signature against the simulator's few dozen). A billed attempt that was retried
/// (a stalled body, then a success) is counted by no one: that is a real under-count, and this check reports it.</para>
///
/// <para><b>Upper bound: spent ≤ billed + converted + unseen + rounding.</b> (a) adds at most billed plus 1 µ per
/// settlement. (c) is read exactly: the estimates of the leases converted during the schedule (new in the hash).
/// (b) happens only for a call with an attempt that ended incomplete; at llm-sim every such attempt is a request whose
/// client went away first (a hang, a stalled body, a killed worker: <c>clientGone</c>), or one answered while its
/// worker was frozen, so the answer was not read before the attempt timed out: a request the frozen worker had in
/// flight when it stopped — one that reached llm-sim before the freeze took hold (+ 1 s) and had not finished more
/// than 1 s before it began (an answer may sit unread that long). A frozen worker sends nothing, so requests that
/// start later are the other replica's, or its own after SIGCONT, read in time. Each such request adds at most the estimate of the call that sent it, bounded by
/// <see cref="SpendModel"/> from its signatures and text. That bound holds for first calls, the only calls these
/// schedules make (they inject no content faults, so there is no JSON re-ask or split). Not covered: a worker that is
/// not frozen yet fails to read a finished answer within its attempt timeout (a machine starved for seconds); it would
/// show as <see cref="ViolationKind.SpendAboveBound"/>, with the figures below to judge it by.</para>
/// </summary>
public static class BudgetChecks
{
    /// <summary>
    /// A finished answer may sit unread this long before a freeze and still time out after it; a request sent just before
    /// the freeze may reach llm-sim this long after it (a loaded machine schedules both late).
    /// </summary>
    public static readonly TimeSpan PauseMargin = TimeSpan.FromSeconds(1);

    /// <param name="BilledUnreadMicros">What llm-sim billed for answers whose client went away before reading them (stalled bodies, killed workers).</param>
    public sealed record Breakdown(long SpentDelta, long BilledMicros, long ConvertedMicros, int ConvertedLeases, long UnseenMicros,
        int UnseenRequests, long RoundingMicros, long BilledUnreadMicros, int BilledUnreadRequests)
    {
        public long Upper => BilledMicros + ConvertedMicros + UnseenMicros + RoundingMicros;

        public override string ToString() =>
            $"spent Δ {SpentDelta} µ; billed {BilledMicros} µ (of which {BilledUnreadMicros} µ for {BilledUnreadRequests} answers the client left unread); " +
            $"converted {ConvertedMicros} µ ({ConvertedLeases} leases); unseen ≤ {UnseenMicros} µ ({UnseenRequests} requests gone or in flight at a freeze); " +
            $"rounding ≤ {RoundingMicros} µ; bound {Upper} µ";
    }

    public static Breakdown Measure(SpendReadings r, SpendModel model)
    {
        var converted = r.ConvertedAfter.Where(c => !r.ConvertedBefore.ContainsKey(c.Key)).ToList();
        var unseen = r.Calls.Where(c => c.ClientGone || r.Pauses.Any(p => InFlightAtFreeze(c, p))).ToList();
        var unread = r.Calls.Where(c => c.Billed && c.ClientGone).ToList();
        return new Breakdown(
            r.SpentAfter - r.SpentBefore,
            Micros.FromCostUsd(r.BilledUsd),
            converted.Sum(c => c.Value),
            converted.Count,
            unseen.Sum(model.EstimateMicros),
            unseen.Count,
            r.Calls.Count + converted.Count,
            Micros.FromCostUsd(unread.Sum(c => c.BilledUsd)),
            unread.Count);
    }

    public static List<Violation> Check(SpendReadings r, SpendModel model)
    {
        var violations = new List<Violation>();
        if (r.Day != r.DayAfter)
        {
            return violations; // The counters moved to a new day mid-schedule: the deltas mean nothing (reported in the figures).
        }
        var b = Measure(r, model);
        if (b.SpentDelta < b.BilledMicros)
        {
            violations.Add(new(ViolationKind.SpendBelowBilled, $"{r.Day}: recorded {b.SpentDelta} µ < billed {b.BilledMicros} µ (short by {b.BilledMicros - b.SpentDelta} µ); {b}"));
        }
        if (b.SpentDelta > b.Upper)
        {
            violations.Add(new(ViolationKind.SpendAboveBound, $"{r.Day}: recorded {b.SpentDelta} µ > bound {b.Upper} µ (over by {b.SpentDelta - b.Upper} µ); {b}"));
        }
        if (r.LeasesAfter > 0 || r.ReservedAfter != 0)
        {
            violations.Add(new(ViolationKind.ReservationLeft, $"{r.Day}: {r.LeasesAfter} lease(s), {r.ReservedAfter} µ still reserved after quiescence"));
        }
        if (r.MirrorAfter != r.SpentAfter)
        {
            violations.Add(new(ViolationKind.MirrorMismatch,
                $"{r.Day}: budget_days.spent_usd = {(r.MirrorAfter is { } m ? $"{m} µ" : "no row")}, Redis spent = {r.SpentAfter} µ"));
        }
        return violations;
    }

    /// <summary>The request reached llm-sim before the freeze took hold and was still running (or unread) when it began.</summary>
    private static bool InFlightAtFreeze(SimCall call, PauseWindow pause) =>
        call.StartedAt <= pause.Frozen + PauseMargin && (call.EndedAt ?? DateTimeOffset.MaxValue) >= pause.From - PauseMargin;
}
