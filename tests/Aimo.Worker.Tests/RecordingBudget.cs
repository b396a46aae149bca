using Aimo.Worker.Budget;
using Aimo.Core.Signatures;
using Aimo.Core.Tokens;
using Aimo.Data.Budget;
using Aimo.Worker.Classify;

namespace Aimo.Worker.Tests;

/// <summary>
/// An <see cref="ICallBudget"/> that grants every reservation except the first-attempt ones <paramref name="refuse"/>
/// picks (by reservation number, 1-based), and records each reservation and settlement, to check that every attempt
/// is reserved and settled exactly once.
/// </summary>
/// <param name="failFirst">The first reservation throws a Redis error (what CallBudget throws once its own retries are spent).</param>
internal sealed class RecordingBudget(Func<int, bool>? refuse = null, bool failFirst = false) : ICallBudget
{
    private readonly Lock _gate = new();

    public List<TokenEstimate> Reserved { get; } = [];
    public List<TokenEstimate> RetriesReserved { get; } = [];
    public List<(BudgetLease Lease, long Input, long Output, bool AtEstimate)> Settled { get; } = [];
    public int Refused { get; private set; }

    public long? RefusedEstimateMicros { get; private set; }
    public long SettledMicros => Settled.Sum(s => s.AtEstimate ? s.Lease.EstimateMicros : s.Input + s.Output);
    public BudgetMirror? LastSettlement { get; private set; }

    /// <summary>Leases reserved and not settled yet: a correct caller leaves none.</summary>
    public int Open
    {
        get
        {
            lock (_gate)
            {
                return Reserved.Count + RetriesReserved.Count - Settled.Count;
            }
        }
    }

    public Task<BudgetLease?> ReserveAsync(TokenEstimate estimate, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (failFirst)
            {
                failFirst = false;
                throw new StackExchange.Redis.RedisConnectionException(StackExchange.Redis.ConnectionFailureType.SocketFailure, "injected");
            }
            if (refuse?.Invoke(Reserved.Count + Refused + 1) == true)
            {
                Refused++;
                RefusedEstimateMicros = estimate.InputTokens;
                return Task.FromResult<BudgetLease?>(null);
            }
            Reserved.Add(estimate);
            return Task.FromResult<BudgetLease?>(Lease(estimate));
        }
    }

    public Task<BudgetLease> ReserveRetryAsync(TokenEstimate estimate, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            RetriesReserved.Add(estimate);
            return Task.FromResult(Lease(estimate));
        }
    }

    /// <summary>Every settlement's bill, as the call passed it.</summary>
    public List<AttemptBill> Bills { get; } = [];

    public Task SettleAsync(BudgetLease lease, AttemptBill bill)
    {
        lock (_gate)
        {
            Assert.DoesNotContain(Settled, s => s.Lease.Id == lease.Id);
            Settled.Add((lease, bill.InputTokens, bill.OutputTokens, bill.AtEstimate));
            Bills.Add(bill);
            LastSettlement = new BudgetMirror(lease.Day, 5m, SettledMicros);
        }
        return Task.CompletedTask;
    }

    private BudgetLease Lease(TokenEstimate estimate) =>
        new(new DateOnly(2026, 11, 29), $"lease-{Reserved.Count + RetriesReserved.Count}", Tier.C, estimate.InputTokens + estimate.OutputTokens);
}
