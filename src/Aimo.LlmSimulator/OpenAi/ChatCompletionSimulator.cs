using Aimo.LlmSimulator.Classification;
using Aimo.LlmSimulator.Faults;
using Microsoft.Extensions.Options;

namespace Aimo.LlmSimulator.OpenAi;

/// <summary>Turns one chat request into a completion or an injected failure, and counts the outcome.</summary>
public sealed class ChatCompletionSimulator(
    FaultInjector faults,
    SimulatorStats stats,
    TokenCounter tokens,
    IOptions<SimulatorOptions> options,
    TimeProvider time,
    ILogger<ChatCompletionSimulator> logger)
{
    public async Task<SimulatedOutcome> RunAsync(ChatCompletionRequest request, CancellationToken cancellationToken)
    {
        var model = string.IsNullOrWhiteSpace(request.Model) ? options.Value.Model : request.Model;
        var decision = faults.Next(string.Join('\n', (request.Messages ?? []).Select(m => m.Text())));
        if (decision.Kind != FaultKind.None) Log.FaultInjected(logger, WireNames.Of(decision.Kind), decision.Forced);

        if (decision.Latency > TimeSpan.Zero) await Task.Delay(decision.Latency, time, cancellationToken);

        var profile = decision.Profile;
        switch (decision.Kind)
        {
            case FaultKind.Http500:
                return Failed(decision.Kind, new SimulatedOutcome.Error(500, OpenAiErrors.ServerError()));
            case FaultKind.Http503:
                return Failed(decision.Kind, new SimulatedOutcome.Error(503, OpenAiErrors.Overloaded(), profile.RetryAfterSeconds));
            case FaultKind.Http429:
                return Failed(decision.Kind, new SimulatedOutcome.Error(429, OpenAiErrors.RateLimited(model, profile.RetryAfterSeconds), profile.RetryAfterSeconds));
            case FaultKind.Hang:
                // Counted up front: a hang usually ends with the client giving up, not with an answer.
                stats.Record(WireNames.Of(FaultKind.Hang));
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(profile.HangMs), time, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    Log.HangAbandoned(logger);
                    return new SimulatedOutcome.Abandoned();
                }
                // A client patient enough to outlast the hang gets a normal (very slow) answer.
                return new SimulatedOutcome.Completion(Complete(request, model, FaultKind.None, record: false));
            default:
                return new SimulatedOutcome.Completion(Complete(request, model, decision.Kind, record: true));
        }
    }

    private SimulatedOutcome Failed(FaultKind kind, SimulatedOutcome.Error error)
    {
        stats.Record(WireNames.Of(kind));
        return error;
    }

    private ChatCompletionResponse Complete(ChatCompletionRequest request, string model, FaultKind fault, bool record)
    {
        var messages = request.Messages ?? [];
        var userTexts = messages.Where(m => m.Role == "user").Select(m => m.Text());
        var signatures = SignatureBlockParser.ParseLast(userTexts);
        var (content, truncated) = AnswerComposer.Compose(signatures, fault);

        // A max-token limit below the answer's size cuts it exactly as a provider would.
        if (request.OutputTokenLimit is { } limit && tokens.Count(content) > limit)
        {
            content = tokens.Truncate(content, limit);
            truncated = true;
        }

        var promptTokens = tokens.CountPrompt(messages);
        var completionTokens = tokens.Count(content);
        if (record) stats.Record(fault == FaultKind.None ? SimulatorStats.Ok : WireNames.Of(fault), promptTokens, completionTokens);
        Log.Completed(logger, signatures.Count, promptTokens, completionTokens, WireNames.Of(fault));
        Log.ResponseText(logger, content);

        return new ChatCompletionResponse(
            Id: "chatcmpl-" + Guid.NewGuid().ToString("N")[..24],
            Object: "chat.completion",
            Created: time.GetUtcNow().ToUnixTimeSeconds(),
            Model: model,
            Choices: [new ChatChoice(0, new ChatMessageResponse("assistant", content, null, []), null, truncated ? "length" : "stop")],
            Usage: ChatUsage.Of(promptTokens, completionTokens),
            SystemFingerprint: "fp_aimo_sim");
    }
}
