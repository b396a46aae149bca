using Aimo.Core.Batching;
using Aimo.Core.Budget;
using Aimo.Core.Signatures;
using Aimo.Data.Queue;
using Aimo.Worker.Budget;
using Aimo.Worker.Options;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Intake;

/// <summary>
/// What the worker takes next, in the design's priority: entries claimed or given back (ready), entries waiting out
/// an outage once their pause is over, then new A, then new B — always, whatever tier C does — and only then tier C:
/// first what the budget deferred, then new entries, and only when <see cref="IBudgetAdmission"/> says the budget could
/// take them. Everything it returns is checked out of <see cref="Holdings"/>.
/// </summary>
public sealed class WorkSource(
    IWorkQueue queue, ConsumerIdentity identity, Holdings holdings, IBudgetAdmission budget, IOptions<WorkerOptions> options, IOptions<BatchLimits> limits)
{
    private WorkerOptions Options => options.Value;

    /// <param name="probe">The LLM is paused and this is the one probe batch: waiting entries go first, whatever their pause.</param>
    public async Task<Checkout> NextAsync(int max, bool probe, CancellationToken cancellationToken)
    {
        var ready = holdings.Take(HoldState.Ready, max);
        if (ready.Count > 0)
        {
            return ready;
        }
        var (waiting, due) = holdings.Waiting();
        if (waiting)
        {
            // While entries wait out an outage nothing new is read: the outage would only catch more.
            return holdings.Take(HoldState.Waiting, max, dueOnly: !probe);
        }
        foreach (var tier in new[] { Tier.A, Tier.B, Tier.C })
        {
            if (!await budget.MayTakeAsync(tier, cancellationToken))
            {
                continue;
            }
            // What the budget deferred (only a tier that may wait has any) goes before new entries of its tier.
            var deferred = BudgetPolicy.MayDefer(tier) ? holdings.Take(HoldState.Deferred, max) : null;
            var entries = deferred is { Count: > 0 } ? deferred : await ReadAsync(tier, max, cancellationToken);
            if (entries.Count > 0)
            {
                return entries;
            }
        }
        return holdings.Take(HoldState.Deferred, 0);
    }

    private async Task<Checkout> ReadAsync(Tier tier, int max, CancellationToken cancellationToken)
    {
        var checkout = holdings.CheckIn(await queue.ReadAsync(identity.Name, tier, max));
        if (checkout.Count == 0 || checkout.Count >= limits.Value.MaxSignatures || Options.Linger <= TimeSpan.Zero)
        {
            return checkout;
        }
        try
        {
            // Let a partial batch fill up a little; a lone signature still goes out after the linger.
            await Task.Delay(Options.Linger, cancellationToken);
            checkout.Absorb(holdings.CheckIn(await queue.ReadAsync(identity.Name, tier, max - checkout.Count)));
            return checkout;
        }
        catch
        {
            // The first read is this worker's already: back to work after a pause, not stranded.
            checkout.Dispose();
            throw;
        }
    }
}
