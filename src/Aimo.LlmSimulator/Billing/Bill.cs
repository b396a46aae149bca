using Aimo.Core.Pricing;

namespace Aimo.LlmSimulator.Billing;

/// <summary>
/// What a provider bills: the prompt and completion tokens of every request whose completion it produced — a 200,
/// also when its body stalled or its client went away mid-body — and nothing for an error, a refusal or a hang that
/// never answered. Each request is priced at its model's list price in Aimo.Core's default price table (the simulator's
/// own model, <c>aimo-sim-1</c>, at its price there); a model the table lacks is priced as the simulator's model.
/// The bill of batch lines (<paramref name="batch"/>) uses the table's Batch API rates instead.
/// </summary>
public sealed class Bill(bool batch = false)
{
    private readonly Lock _gate = new();
    private long _requests;
    private long _promptTokens;
    private long _cachedPromptTokens;
    private long _completionTokens;
    private decimal _usd;

    /// <param name="cachedPromptTokens">Of the prompt, the tokens read from the prompt cache, billed at the cached rate.</param>
    public static decimal Price(string model, long promptTokens, long cachedPromptTokens, long completionTokens) =>
        PriceOf(model).Cost(promptTokens, cachedPromptTokens, completionTokens);

    /// <summary>
    /// The Batch API's price: its input and output rates, and cached input at the cached rate scaled down as much as the
    /// input rate (OpenAI halves all three). A model without batch rates is billed half its synchronous price, OpenAI's rule.
    /// </summary>
    public static decimal BatchPrice(string model, long promptTokens, long cachedPromptTokens, long completionTokens)
    {
        var price = PriceOf(model);
        var input = price.BatchInputPerMillion ?? price.InputPerMillion / 2;
        var output = price.BatchOutputPerMillion ?? price.OutputPerMillion / 2;
        var cached = price.InputPerMillion == 0 ? input : price.EffectiveCachedInputPerMillion * input / price.InputPerMillion;
        return new ModelPrice(input, output, cached).Cost(promptTokens, cachedPromptTokens, completionTokens);
    }

    private static ModelPrice PriceOf(string model) =>
        PriceTable.Default.TryGetPrice(model, out var price) ? price
        : PriceTable.Default.TryGetPrice(PricingOptions.SimulatorModel, out var simulator) ? simulator
        : throw new InvalidOperationException($"The simulator's own model {PricingOptions.SimulatorModel} has no price.");

    /// <summary>Bills one produced completion and returns its price.</summary>
    public decimal Charge(string model, long promptTokens, long cachedPromptTokens, long completionTokens)
    {
        var usd = batch ? BatchPrice(model, promptTokens, cachedPromptTokens, completionTokens) : Price(model, promptTokens, cachedPromptTokens, completionTokens);
        lock (_gate)
        {
            _requests++;
            _promptTokens += promptTokens;
            _cachedPromptTokens += cachedPromptTokens;
            _completionTokens += completionTokens;
            _usd += usd;
        }
        return usd;
    }

    public BillSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new BillSnapshot(_requests, _promptTokens, _completionTokens, _usd, _cachedPromptTokens);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            (_requests, _promptTokens, _cachedPromptTokens, _completionTokens, _usd) = (0, 0, 0, 0, 0m);
        }
    }
}

/// <summary>The bill since start or the last reset: billed requests, their tokens (of the prompt, those cached) and their price in USD.</summary>
public sealed record BillSnapshot(long Requests, long PromptTokens, long CompletionTokens, decimal Usd, long CachedPromptTokens = 0);
