using System.Text.RegularExpressions;

namespace Aimo.Core.Pricing;

/// <summary>
/// Looks up model prices. Tolerates dated snapshot names (<c>gpt-4o-2024-08-06</c>, <c>gpt-4-0613</c>)
/// and case; an unknown model is unpriced, never $0.
/// </summary>
public sealed partial class PriceTable
{
    private readonly Dictionary<string, ModelPrice> _prices;

    public PriceTable(PricingOptions options)
        : this(options?.Models ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    public PriceTable(IReadOnlyDictionary<string, ModelPrice> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        _prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var (model, price) in prices)
        {
            if (price is null || price.InputPerMillion < 0 || price.OutputPerMillion < 0)
            {
                throw new ArgumentException($"Price of model '{model}' is missing or negative.", nameof(prices));
            }
            _prices[model.Trim()] = price;
        }
    }

    /// <summary>The defaults of <see cref="PricingOptions"/>.</summary>
    public static PriceTable Default { get; } = new(new PricingOptions());

    public IReadOnlyCollection<string> Models => _prices.Keys;

    public bool TryGetPrice(string model, out ModelPrice price, out string pricedAs)
    {
        ArgumentNullException.ThrowIfNull(model);
        var name = model.Trim();
        if (_prices.TryGetValue(name, out price!))
        {
            pricedAs = name;
            return true;
        }
        var undated = DatedSuffix().Replace(name, "");
        if (undated != name && _prices.TryGetValue(undated, out price!))
        {
            pricedAs = undated;
            return true;
        }
        pricedAs = "";
        price = null!;
        return false;
    }

    public bool TryGetCost(string model, long inputTokens, long outputTokens, out decimal costUsd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(outputTokens);
        if (TryGetPrice(model, out var price, out _))
        {
            costUsd = price.Cost(inputTokens, outputTokens);
            return true;
        }
        costUsd = 0;
        return false;
    }

    public CostResult Cost(string model, long inputTokens, long outputTokens) =>
        TryGetCost(model, inputTokens, outputTokens, out var usd) && TryGetPrice(model, out _, out var pricedAs)
            ? new CostResult(model, pricedAs, usd)
            : new CostResult(model, null, null);

    // -2024-08-06 (OpenAI snapshots) or -0613 (older snapshots).
    [GeneratedRegex(@"-(\d{4}-\d{2}-\d{2}|\d{4})$")]
    private static partial Regex DatedSuffix();
}
