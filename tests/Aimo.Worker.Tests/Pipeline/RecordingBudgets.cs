using Aimo.Core.Signatures;
using Aimo.Worker.Budget;

namespace Aimo.Worker.Tests.Pipeline;

/// <summary>
/// Hands out <see cref="RecordingBudget"/>s; tier C's first-attempt reservations are refused while <see cref="RefuseTierC"/>,
/// and the intake may take tier C only while <see cref="TierCOpen"/>.
/// </summary>
internal sealed class RecordingBudgets : IBudgetAdmission
{
    public bool RefuseTierC { get; set; }

    public bool TierCOpen { get; set; } = true;

    /// <summary>How many of the next budgets fail their first reservation as Redis down would.</summary>
    public int FailReservations { get; set; }
    public List<RecordingBudget> Handed { get; } = [];
    public int Ended { get; private set; }

    public Task<bool> MayTakeAsync(Tier tier, CancellationToken cancellationToken) => Task.FromResult(tier != Tier.C || TierCOpen);

    public ICallBudget Open(Tier tier)
    {
        var refuse = tier == Tier.C && RefuseTierC;
        var budget = new RecordingBudget(refuse ? _ => true : null, failFirst: FailReservations-- > 0);
        Handed.Add(budget);
        return budget;
    }

    public void Close(Tier tier, ICallBudget budget) => Ended++;
}
