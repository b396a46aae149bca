using Aimo.Core.Signatures;
using Aimo.Data.Queue;

namespace Aimo.Data.Budget;

/// <summary>Today's budget for the API and the admin UI: settings from PostgreSQL, counters through the ledger.</summary>
public sealed class BudgetQueries(BudgetSettingsStore settings, BudgetLedger ledger, SignatureQueue queue, TimeProvider time)
{
    public async Task<BudgetView> GetTodayAsync(CancellationToken cancellationToken = default)
    {
        var current = await settings.LoadAsync(cancellationToken);
        var clock = current.Clock(time);
        var day = clock.Today;
        var counters = await ledger.CountersAsync(day, cancellationToken);
        var depths = (await queue.BacklogAsync()).ToDictionary(t => t.Tier, t => t.Length);
        return BudgetView.Create(current, clock, counters, new QueueDepths(depths[Tier.A], depths[Tier.B], depths[Tier.C]));
    }
}
