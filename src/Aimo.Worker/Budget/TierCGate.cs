using Aimo.Core.Budget;
using Aimo.Core.Signatures;

namespace Aimo.Worker.Budget;

/// <summary>
/// When deferred tier C is worth sending again. After a refusal the consumer does not ask the ledger again until the
/// same <see cref="BudgetPolicy"/> decision the reservation script makes would now allow the refused estimate (spend
/// settled lower, reservations released, budget raised), or the day or settings changed — and never more often than
/// <paramref name="retryInterval"/>. So waiting C never spins, and never delays A and B.
/// </summary>
public sealed class TierCGate(TimeProvider time, TimeSpan retryInterval)
{
    private readonly Lock _gate = new();
    private Refusal? _refusal;

    private sealed record Refusal(long EstimateMicros, BudgetSettings Settings, DateOnly Day, DateTimeOffset NextTry);

    public void Refused(long estimateMicros, BudgetSettings settings, DateOnly day)
    {
        lock (_gate)
        {
            var smallest = _refusal is { } r && r.Day == day && r.Settings == settings ? Math.Min(r.EstimateMicros, estimateMicros) : estimateMicros;
            _refusal = new Refusal(smallest, settings, day, time.GetUtcNow() + retryInterval);
        }
    }

    public void Granted()
    {
        lock (_gate)
        {
            _refusal = null;
        }
    }

    /// <summary>Whether to read or send tier C now, given today's counters (a cheap snapshot, taken only while C waits).</summary>
    public async Task<bool> IsOpenAsync(Func<Task<BudgetSnapshot>> snapshot, BudgetSettings settings, DateOnly day)
    {
        Refusal? refusal;
        lock (_gate)
        {
            refusal = _refusal;
        }
        if (refusal is null)
        {
            return true;
        }
        if (time.GetUtcNow() < refusal.NextTry)
        {
            return false;
        }
        if (refusal.Day != day || refusal.Settings != settings)
        {
            return true;
        }
        var open = BudgetPolicy.Decide(await snapshot(), Tier.C, refusal.EstimateMicros).Allowed;
        if (!open)
        {
            lock (_gate)
            {
                _refusal = refusal with { NextTry = time.GetUtcNow() + retryInterval };
            }
        }
        return open;
    }
}
