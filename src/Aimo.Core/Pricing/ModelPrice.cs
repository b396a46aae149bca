namespace Aimo.Core.Pricing;

/// <summary>USD per one million tokens, input and output.</summary>
public sealed class ModelPrice
{
    public ModelPrice()
    {
    }

    public ModelPrice(decimal inputPerMillion, decimal outputPerMillion)
    {
        InputPerMillion = inputPerMillion;
        OutputPerMillion = outputPerMillion;
    }

    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }

    /// <summary>Cost in USD of the given token counts.</summary>
    public decimal Cost(long inputTokens, long outputTokens) =>
        ((inputTokens * InputPerMillion) + (outputTokens * OutputPerMillion)) / 1_000_000m;
}
