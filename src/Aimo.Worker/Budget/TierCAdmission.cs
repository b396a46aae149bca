using Aimo.Data.Budget;

namespace Aimo.Worker.Budget;

/// <summary>
/// Tier C's admission for this worker: <see cref="TierCGate"/>'s decision on today's counters, read from the
/// <see cref="BudgetLedger"/> only while C waits after a refusal.
/// </summary>
public sealed class TierCAdmission(TierCGate gate, BudgetLedger ledger, BudgetSettingsCache settings) : ITierCAdmission
{
    public Task<bool> IsOpenAsync(CancellationToken cancellationToken)
    {
        var current = settings.Value;
        return gate.IsOpenAsync(() => ledger.SnapshotAsync(current.Clock.Today, current.Limits, cancellationToken), current.Settings, current.Clock.Today);
    }

    public void Refused(long estimateMicros)
    {
        var current = settings.Value;
        gate.Refused(estimateMicros, current.Settings, current.Clock.Today);
    }

    public void Granted() => gate.Granted();
}
