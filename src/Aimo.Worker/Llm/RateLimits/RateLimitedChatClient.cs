using System.Runtime.CompilerServices;
using Aimo.Core.Tokens;
using Aimo.Data.Llm;
using Aimo.Worker.Telemetry;
using Microsoft.Extensions.AI;

namespace Aimo.Worker.Llm.RateLimits;

/// <summary>
/// Admits each LLM call against the provider's rate limits, shared by every replica: charges it one request and its
/// tokens as OpenAI counts them at admission (prompt + output limit) and waits its turn when the buckets are short.
/// It runs after the call's budget reservation, so a waiting call keeps its lease; its wait is not part of the GenAI
/// span. The HTTP pipeline below charges retries and reads the headers (<see cref="LlmAttemptHandler"/>).
/// </summary>
public sealed class RateLimitedChatClient(IChatClient inner, ProviderRateLimits limits, AdaptiveConcurrency concurrency, TokenEstimator estimator,
    WorkerTelemetry telemetry, TimeProvider time) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var (tokens, charge) = await AdmitAsync(list, options, cancellationToken);
        // Begun here when the caller began none, not in AdmitAsync: an AsyncLocal set inside an awaited method does not flow back.
        using var begun = LlmCall.Current is null ? LlmCall.Begin() : null;
        LlmCall.Current!.Admitted(tokens, charge);
        return await base.GetResponseAsync(list, options, cancellationToken);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var (tokens, charge) = await AdmitAsync(list, options, cancellationToken);
        using var begun = LlmCall.Current is null ? LlmCall.Begin() : null;
        LlmCall.Current!.Admitted(tokens, charge);
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken))
        {
            yield return update;
        }
    }

    /// <summary>What a provider charges a request at admission: its prompt tokens and all the output it may produce.</summary>
    public static long TokensCharged(IReadOnlyList<ChatMessage> messages, ChatOptions? options, TokenEstimator estimator) =>
        estimator.CountChat(messages.Select(m => (m.Role.Value, m.Text))) + (options?.MaxOutputTokens ?? 0);

    private async Task<(long Tokens, RateLimitCharge? Charge)> AdmitAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var tokens = TokensCharged(messages, options, estimator);
        var charge = await limits.ChargeAsync(tokens);
        var wait = charge?.Wait ?? TimeSpan.Zero;
        concurrency.RecordAdmission(wait);
        telemetry.RateLimitWait.Record(wait.TotalSeconds);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
        return (tokens, charge);
    }
}
