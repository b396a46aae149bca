namespace Aimo.Core.Pricing;

/// <summary>
/// USD per one million tokens: input, input read from the provider's prompt cache, output, and the Batch API's rates.
/// Bound from configuration, either keyed by the model (<c>Aimo:Pricing:Models:gpt-4o:InputPerMillion</c>) or as a list
/// entry that names it (<c>Aimo:Pricing:Models:0:Name=qwen2.5:7b</c>): .NET configuration reads ':' as a separator, so a
/// model name with ':' (Ollama tags) can only be written in <see cref="Name"/>.
/// </summary>
public sealed class ModelPrice
{
    public ModelPrice()
    {
    }

    public ModelPrice(decimal inputPerMillion, decimal outputPerMillion, decimal? cachedInputPerMillion = null,
        decimal? batchInputPerMillion = null, decimal? batchOutputPerMillion = null)
    {
        InputPerMillion = inputPerMillion;
        OutputPerMillion = outputPerMillion;
        CachedInputPerMillion = cachedInputPerMillion;
        BatchInputPerMillion = batchInputPerMillion;
        BatchOutputPerMillion = batchOutputPerMillion;
    }

    /// <summary>The model this entry prices, when its configuration key cannot spell it (a list entry).</summary>
    public string? Name { get; set; }

    public decimal InputPerMillion { get; set; }

    /// <summary>Input tokens the provider reports as read from its prompt cache. Unset: no discount is assumed.</summary>
    public decimal? CachedInputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }

    /// <summary>The Batch API's input rate (OpenAI: half the synchronous price). Unset: the model is not offered there.</summary>
    public decimal? BatchInputPerMillion { get; set; }

    public decimal? BatchOutputPerMillion { get; set; }

    /// <summary>The rate cached input is billed at: the cached rate, or the full input rate when none is known (never less).</summary>
    public decimal EffectiveCachedInputPerMillion => CachedInputPerMillion ?? InputPerMillion;

    /// <summary>Cost in USD of the given token counts, none of them read from the cache.</summary>
    public decimal Cost(long inputTokens, long outputTokens) => Cost(inputTokens, 0, outputTokens);

    /// <summary>Cost in USD; <paramref name="cachedInputTokens"/> are part of <paramref name="inputTokens"/>, as providers report them.</summary>
    public decimal Cost(long inputTokens, long cachedInputTokens, long outputTokens)
    {
        var cached = Math.Clamp(cachedInputTokens, 0, inputTokens);
        return (((inputTokens - cached) * InputPerMillion) + (cached * EffectiveCachedInputPerMillion) + (outputTokens * OutputPerMillion)) / 1_000_000m;
    }

    /// <summary>Whether every rate set is zero or more.</summary>
    public bool IsValid =>
        InputPerMillion >= 0 && OutputPerMillion >= 0 && CachedInputPerMillion is null or >= 0
        && BatchInputPerMillion is null or >= 0 && BatchOutputPerMillion is null or >= 0;
}
