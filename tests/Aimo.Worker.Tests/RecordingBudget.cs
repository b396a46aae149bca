using Aimo.Core.Signatures;
using Aimo.Core.Tokens;
using Aimo.Data.Budget;
using Aimo.Worker.Budget;

namespace Aimo.Worker.Tests;

/// <summary>
/// An <see cref="ICallBudget"/> that grants every reservation except the ones <paramref name="refuse"/> picks (by call
/// number, 1-based), and records each reservation and settlement, to check that every call is reserved and settled.
/// </summary>
internal sealed class RecordingBudget(Func<int, bool>? refuse = null) : ICallBudget
{
    public List<TokenEstimate> Reserved { get; } = [];
    public List<(BudgetLease Lease, long Input, long Output, bool Uncertain)> Settled { get; } = [];
    public int Refused { get; private set; }

    public Task<BudgetLease?> ReserveAsync(TokenEstimate estimate, CancellationToken cancellationToken)
    {
        if (refuse?.Invoke(Reserved.Count + Refused + 1) == true)
        {
            Refused++;
            return Task.FromResult<BudgetLease?>(null);
        }
        Reserved.Add(estimate);
        return Task.FromResult<BudgetLease?>(new BudgetLease(new DateOnly(2026, 11, 29), $"lease-{Reserved.Count}", Tier.C, estimate.InputTokens));
    }

    public Task SettleAsync(BudgetLease lease, long inputTokens, long outputTokens, bool uncertain)
    {
        Settled.Add((lease, inputTokens, outputTokens, uncertain));
        return Task.CompletedTask;
    }
}
