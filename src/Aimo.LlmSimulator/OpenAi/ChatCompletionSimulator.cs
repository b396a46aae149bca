using Aimo.LlmSimulator.Classification;
using Aimo.LlmSimulator.Faults;
using Aimo.LlmSimulator.Models;
using Microsoft.Extensions.Options;

namespace Aimo.LlmSimulator.OpenAi;

/// <summary>Turns one admitted chat request into a completion or an injected failure, and counts the outcome.</summary>
public sealed class ChatCompletionSimulator(
    FaultInjector faults,
    SimulatorStats stats,
    TokenCounter tokens,
    PromptCache promptCache,
    IOptions<ReasoningTokensOptions> reasoningTokens,
    TimeProvider time,
    ILogger<ChatCompletionSimulator> logger)
{
    public async Task<SimulatedOutcome> RunAsync(SimulatedCall call, CancellationToken cancellationToken)
    {
        var decision = Decide(call);
        if (decision.Latency > TimeSpan.Zero) await Task.Delay(decision.Latency, time, cancellationToken);
        if (decision.Kind != FaultKind.Hang) return Answer(call, decision);

        stats.Record(WireNames.Of(FaultKind.Hang));
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(decision.Profile.HangMs), time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.HangAbandoned(logger);
            return new SimulatedOutcome.Abandoned();
        }
        // A client patient enough to outlast the hang gets a normal (very slow) answer.
        return new SimulatedOutcome.Completion(Complete(call, FaultKind.None, record: false));
    }

    /// <summary>
    /// One line of a batch job, with the same draw as a synchronous request. Nobody waits on a line, so latency, a hang
    /// and a stalled body only delay it: it is answered as usual. Errors and malformed answers are kept, as the real
    /// Batch API writes a failed line's status and error body to the error file.
    /// </summary>
    public SimulatedOutcome AnswerBatchLine(SimulatedCall call)
    {
        var decision = Decide(call);
        return decision.Kind is FaultKind.Hang or FaultKind.StallBody
            ? new SimulatedOutcome.Completion(Complete(call, FaultKind.None, record: true))
            : Answer(call, decision);
    }

    private FaultDecision Decide(SimulatedCall call)
    {
        var text = string.Join('\n', (call.Request.Messages ?? []).Select(m => m.Text()));
        var decision = faults.Next(text);
        if (decision.Kind != FaultKind.None) Log.FaultInjected(logger, WireNames.Of(decision.Kind), decision.Forced);
        call.Record?.Describe(WireNames.Of(decision.Kind), call.Model.Name, text.Length, UserSignatures(call.Request).Count);
        return decision;
    }

    /// <summary>Every outcome but a hang, which only the synchronous path waits out.</summary>
    private SimulatedOutcome Answer(SimulatedCall call, FaultDecision decision)
    {
        var request = call.Request;
        var profile = decision.Profile;
        var model = call.Model.Name;
        var retryAfter = TimeSpan.FromSeconds(profile.RetryAfterSeconds);
        switch (decision.Kind)
        {
            case FaultKind.Http500:
                return Failed(decision.Kind, new SimulatedOutcome.Error(500, OpenAiErrors.ServerError()));
            case FaultKind.Http503:
                return Failed(decision.Kind, new SimulatedOutcome.Error(503, OpenAiErrors.Overloaded(), retryAfter));
            case FaultKind.Http429:
                return Failed(decision.Kind, new SimulatedOutcome.Error(429, OpenAiErrors.RateLimited(model, profile.RetryAfterSeconds), retryAfter));
            case FaultKind.InsufficientQuota:
                return Failed(decision.Kind, new SimulatedOutcome.Error(429, OpenAiErrors.InsufficientQuota()));
            case FaultKind.Http401:
                return Failed(decision.Kind, new SimulatedOutcome.Error(401, OpenAiErrors.InvalidApiKey(call.ApiKey)));
            case FaultKind.Http404Model:
                return Failed(decision.Kind, new SimulatedOutcome.Error(404, OpenAiErrors.ModelNotFound(model)));
            case FaultKind.Http400Param:
                return Failed(decision.Kind, new SimulatedOutcome.Error(400, ParameterErrors.UnsupportedParameter(SentParameter(request))));
            case FaultKind.StallBody:
                // Counted up front, like a hang: the client usually gives up before the body ends.
                stats.Record(WireNames.Of(FaultKind.StallBody));
                return new SimulatedOutcome.StalledCompletion(Complete(call, FaultKind.None, record: false), TimeSpan.FromMilliseconds(profile.HangMs));
            default:
                return new SimulatedOutcome.Completion(Complete(call, decision.Kind, record: true));
        }
    }

    private SimulatedOutcome Failed(FaultKind kind, SimulatedOutcome.Error error)
    {
        stats.Record(WireNames.Of(kind));
        return error;
    }

    private static IReadOnlyList<PromptSignature> UserSignatures(ChatCompletionRequest request) =>
        SignatureBlockParser.ParseLast((request.Messages ?? []).Where(m => m.Role == "user").Select(m => m.Text()));

    // The injected 400 names a parameter the request really sent, as a model change would make the API refuse it.
    private static string SentParameter(ChatCompletionRequest request) =>
        request.Temperature is not null ? "temperature"
        : request.MaxTokens is not null ? "max_tokens"
        : request.ResponseFormat is not null ? "response_format"
        : "messages";

    private ChatCompletionResponse Complete(SimulatedCall call, FaultKind fault, bool record)
    {
        var request = call.Request;
        var signatures = UserSignatures(request);
        var (content, truncated) = AnswerComposer.Compose(signatures, fault);
        var reasoning = call.Model.Reasoning ? reasoningTokens.Value.For(request.ReasoningEffort ?? ReasoningEffort.Default) : 0;

        // The output limit covers reasoning and answer together: a reasoning model can spend it all before answering.
        if (request.OutputTokenLimit is { } limit)
        {
            if (reasoning >= limit)
            {
                (reasoning, content, truncated) = (limit, "", true);
            }
            else if (tokens.Count(content) > limit - reasoning)
            {
                (content, truncated) = (tokens.Truncate(content, limit - reasoning), true);
            }
        }

        var choices = request.Choices;
        var completionTokens = (reasoning + tokens.Count(content)) * choices;
        var cachedTokens = promptCache.Read(request.PromptCacheKey, request.Messages ?? [], call.PromptTokens);
        if (record) stats.Record(fault == FaultKind.None ? SimulatorStats.Ok : WireNames.Of(fault), call.PromptTokens, completionTokens);
        // Billed once the completion exists, as a provider bills: whatever happens to its body afterwards.
        var billedUsd = (call.Batch ? stats.BatchBill : stats.Bill).Charge(call.Model.Name, call.PromptTokens, cachedTokens, completionTokens);
        call.Record?.MarkBilled(call.PromptTokens, completionTokens, billedUsd);
        Log.Completed(logger, signatures.Count, call.PromptTokens, completionTokens, WireNames.Of(fault));
        Log.ResponseText(logger, content);

        // n > 1 asks for alternatives; a deterministic model gives the same one n times.
        var message = new ChatMessageResponse("assistant", content, null, []);
        return new ChatCompletionResponse(
            Id: "chatcmpl-" + Guid.NewGuid().ToString("N")[..24],
            Object: "chat.completion",
            Created: time.GetUtcNow().ToUnixTimeSeconds(),
            Model: call.Model.Name,
            Choices: [.. Enumerable.Range(0, choices).Select(i => new ChatChoice(i, message, null, truncated ? "length" : "stop"))],
            Usage: ChatUsage.Of(call.PromptTokens, completionTokens, reasoning * choices, cachedTokens),
            SystemFingerprint: "fp_aimo_sim");
    }
}
