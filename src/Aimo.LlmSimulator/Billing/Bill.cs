using Aimo.Core.Pricing;

namespace Aimo.LlmSimulator.Billing;

/// <summary>
/// What a provider bills: the prompt and completion tokens of every request whose completion it produced — a 200,
/// also when its body stalled or its client went away mid-body — and nothing for an error, a refusal or a hang that
/// never answered. Each request is priced at its model's list price in Aimo.Core's default price table (the simulator's
/// own model, <c>aimo-sim-1</c>, at its price there); a model the table lacks is priced as the simulator's model.
/// </summary>
public sealed class Bill
{
    private readonly Lock _gate = new();
    private long _requests;
    private long _promptTokens;
    private long _completionTokens;
    private decimal _usd;

    public static decimal Price(string model, long promptTokens, long completionTokens) =>
        PriceTable.Default.TryGetCost(model, promptTokens, completionTokens, out var usd)
            ? usd
            : PriceTable.Default.Cost(PricingOptions.SimulatorModel, promptTokens, completionTokens).Usd!.Value;

    /// <summary>Bills one produced completion and returns its price.</summary>
    public decimal Charge(string model, long promptTokens, long completionTokens)
    {
        var usd = Price(model, promptTokens, completionTokens);
        lock (_gate)
        {
            _requests++;
            _promptTokens += promptTokens;
            _completionTokens += completionTokens;
            _usd += usd;
        }
        return usd;
    }

    public BillSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new BillSnapshot(_requests, _promptTokens, _completionTokens, _usd);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            (_requests, _promptTokens, _completionTokens, _usd) = (0, 0, 0, 0m);
        }
    }
}

/// <summary>The bill since start or the last reset: billed requests, their tokens and their price in USD.</summary>
public sealed record BillSnapshot(long Requests, long PromptTokens, long CompletionTokens, decimal Usd);
