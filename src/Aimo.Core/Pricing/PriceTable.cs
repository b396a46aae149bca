namespace Aimo.Core.Pricing;

/// <summary>
/// Looks up model prices by exact name (case aside). A dated snapshot is priced only by its own entry: snapshots of
/// one model have had different prices (<c>gpt-4o-2024-05-13</c> costs twice <c>gpt-4o</c>), so borrowing the base
/// model's price could under-count. An unknown model is unpriced, never $0.
/// </summary>
public sealed class PriceTable
{
    private readonly Dictionary<string, ModelPrice> _prices;

    public PriceTable(PricingOptions options)
        : this(options?.Models ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    /// <param name="prices">Keyed by model name, or by any key when the entry carries its <see cref="ModelPrice.Name"/>.</param>
    public PriceTable(IReadOnlyDictionary<string, ModelPrice> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        _prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, price) in prices)
        {
            if (price is null || !price.IsValid)
            {
                throw new ArgumentException($"Price of model '{key}' is missing or negative.", nameof(prices));
            }
            _prices[PricingOptions.ModelOf(key, price)] = price;
        }
    }

    /// <summary>The defaults of <see cref="PricingOptions"/>.</summary>
    public static PriceTable Default { get; } = new(new PricingOptions());

    public IReadOnlyCollection<string> Models => _prices.Keys;

    public bool TryGetPrice(string model, out ModelPrice price)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _prices.TryGetValue(model.Trim(), out price!);
    }

    public bool TryGetCost(string model, long inputTokens, long outputTokens, out decimal costUsd) =>
        TryGetCost(model, inputTokens, 0, outputTokens, out costUsd);

    public bool TryGetCost(string model, long inputTokens, long cachedInputTokens, long outputTokens, out decimal costUsd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(cachedInputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(outputTokens);
        if (TryGetPrice(model, out var price))
        {
            costUsd = price.Cost(inputTokens, cachedInputTokens, outputTokens);
            return true;
        }
        costUsd = 0;
        return false;
    }

    public CostResult Cost(string model, long inputTokens, long outputTokens) =>
        TryGetCost(model, inputTokens, outputTokens, out var usd)
            ? new CostResult(model, model.Trim(), usd)
            : new CostResult(model, null, null);
}
