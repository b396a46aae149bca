namespace Aimo.Admin.Components.Pages.Batches;

/// <summary>
/// The unit for the cost chart. The chart's y-axis ticks are whole steps, so sub-cent hourly costs (common with
/// small models) would draw as a flat line at zero in dollars: scale them to cents or micro-dollars instead.
/// </summary>
public static class CostUnit
{
    public static (string Unit, decimal Scale) For(decimal maxUsd) =>
        maxUsd >= 20m ? ("USD", 1m)
        : maxUsd * 100m >= 20m ? ("US cents", 100m)
        : ("micro-USD", 1_000_000m);
}
