using Aimo.LlmSimulator.Billing;
using Aimo.LlmSimulator.Models;

namespace Aimo.LlmSimulator.OpenAi;

/// <summary>A chat request that passed authentication, validation and the rate limits.</summary>
/// <param name="PromptTokens">Counted once: the limiter charges them and the usage reports them.</param>
/// <param name="ApiKey">The caller's key, quoted (masked) by an injected <c>http401</c>.</param>
/// <param name="Record">The request's entry in the call ledger, when it is kept (see <see cref="CallLedgerExtensions.UseCallLedger"/>).</param>
/// <param name="Batch">A line of a batch job: billed at the model's Batch API price, on the bill of batch calls.</param>
public sealed record SimulatedCall(ChatCompletionRequest Request, SimulatedModel Model, int PromptTokens, string? ApiKey, CallRecord? Record = null, bool Batch = false);
