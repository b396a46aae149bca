using Aimo.Core.Budget;
using Aimo.Core.Pricing;
using Aimo.Core.Tokens;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// The worker's reservation for a first call, as the design states it: input = system prompt + schema + sample
/// characters / 4, output = 150 per signature, at the model's price — here bounded from what llm-sim saw of a request:
/// its whole message text stands in for the sample characters (it contains them, so it is never smaller).
/// </summary>
public sealed record SpendModel(int FixedInputTokens, ModelPrice Price, int OutputTokensPerSignature)
{
    /// <summary>The checker stack's worker: <c>aimo-sim-1</c> at its default price, no reasoning allowance.</summary>
    public static SpendModel Worker => new(
        TokenEstimator.Default.SystemPromptTokens + TokenEstimator.Default.SchemaTokens,
        PricingOptions.Defaults()[PricingOptions.SimulatorModel],
        TokenEstimator.OutputTokensPerSignature);

    /// <summary>An upper bound of the estimate the worker reserved for the call that sent this request.</summary>
    public long EstimateMicros(SimCall call) => Micros.FromCostUsd(Price.Cost(
        FixedInputTokens + (call.PromptChars / TokenEstimator.CharsPerToken), (long)OutputTokensPerSignature * call.Signatures));
}
