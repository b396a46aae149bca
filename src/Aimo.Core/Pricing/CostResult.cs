namespace Aimo.Core.Pricing;

/// <summary>
/// The cost of a request, or the fact that its model has no price. Never a silent $0:
/// <see cref="Usd"/> is null when <see cref="IsPriced"/> is false.
/// </summary>
/// <param name="Model">The model as asked.</param>
/// <param name="PricedAs">The price-table key used (e.g. <c>gpt-4o</c> for <c>gpt-4o-2024-08-06</c>), or null.</param>
/// <param name="Usd">Cost in USD, or null when unpriced.</param>
public sealed record CostResult(string Model, string? PricedAs, decimal? Usd)
{
    public bool IsPriced => Usd is not null;
}
