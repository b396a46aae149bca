using System.Globalization;
using Aimo.Core.Signatures;

namespace Aimo.Core.Budget;

/// <summary>
/// The design document's budget rule: tiers A and B are always analysed, even over budget; tier C is
/// deferred (left queued, not lost) once spent + reserved + this batch's estimate would pass the soft limit.
/// </summary>
public static class BudgetPolicy
{
    public static BudgetDecision Decide(BudgetSnapshot snapshot, Tier tier, decimal estimateUsd)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentOutOfRangeException.ThrowIfNegative(estimateUsd);
        if (tier is Tier.A or Tier.B)
        {
            return new BudgetDecision(true, $"Tier {tier} is always analysed.");
        }
        var after = snapshot.CommittedUsd + estimateUsd;
        return after > snapshot.SoftLimitUsd
            ? new BudgetDecision(false,
                $"Tier C deferred: spent {Usd(snapshot.SpentUsd)} + reserved {Usd(snapshot.ReservedUsd)} + estimate {Usd(estimateUsd)} = {Usd(after)} would pass the soft limit {Usd(snapshot.SoftLimitUsd)} ({snapshot.SoftLimitFraction:P0} of {Usd(snapshot.BudgetUsd)}).")
            : new BudgetDecision(true, $"Tier C within the soft limit: {Usd(after)} of {Usd(snapshot.SoftLimitUsd)}.");
    }

    private static string Usd(decimal value) => "$" + value.ToString("0.######", CultureInfo.InvariantCulture);
}
