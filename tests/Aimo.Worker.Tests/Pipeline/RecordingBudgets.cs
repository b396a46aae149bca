using Aimo.Core.Signatures;
using Aimo.Worker.Classify;

namespace Aimo.Worker.Tests.Pipeline;

/// <summary>Hands out <see cref="RecordingBudget"/>s; tier C's first-attempt reservations are refused while <see cref="RefuseTierC"/>.</summary>
internal sealed class RecordingBudgets : ICallBudgets
{
    public bool RefuseTierC { get; set; }

    /// <summary>How many of the next budgets fail their first reservation as Redis down would.</summary>
    public int FailReservations { get; set; }
    public List<RecordingBudget> Handed { get; } = [];
    public int Ended { get; private set; }

    public ICallBudget For(Tier tier)
    {
        var refuse = tier == Tier.C && RefuseTierC;
        var budget = new RecordingBudget(refuse ? _ => true : null, failFirst: FailReservations-- > 0);
        Handed.Add(budget);
        return budget;
    }

    void ICallBudgets.Ended(Tier tier, ICallBudget budget) => Ended++;
}
