using System.Text.Json;
using Aimo.LlmSimulator.Faults;
using Aimo.LlmSimulator.OpenAi;
using Aimo.LlmSimulator.Validation;

namespace Aimo.LlmSimulator.Batches;

/// <summary>A line's answer: its status and the body a synchronous call would have got, and the usage it was billed.</summary>
public sealed record BatchLineResult(BatchLine Line, int StatusCode, JsonElement Body, ChatUsage? Usage)
{
    public bool Succeeded => StatusCode == StatusCodes.Status200OK;
}

/// <summary>
/// Answers a batch line with the synchronous endpoint's own reader, validator and simulator, so its body is what
/// <c>POST /v1/chat/completions</c> would have returned (classification, usage, cached tokens, faults drawn from the
/// same profile), billed at the batch price. Rate limits do not apply: the Batch API has a queue of its own.
/// </summary>
public sealed class BatchLineAnswerer(ChatRequestValidator validator, TokenCounter tokens, ChatCompletionSimulator simulator, SimulatorStats stats)
{
    /// <param name="injectError">The <see cref="BatchOptions.LineErrorRate"/> picked this line for a 500.</param>
    public BatchLineResult Answer(BatchLine line, string? apiKey, bool injectError)
    {
        if (injectError)
        {
            stats.Record(WireNames.Of(FaultKind.Http500));
            return Error(line, new SimulatedOutcome.Error(500, OpenAiErrors.ServerError()));
        }
        var (request, problem) = ChatRequestReader.Read(line.Body);
        var (model, refusal) = request is null ? (null, new SimulatedOutcome.Error(400, problem!)) : validator.Validate(request);
        if (request is null || model is null)
        {
            stats.Record(refusal!.StatusCode == 404 ? SimulatorStats.ModelNotFound : SimulatorStats.BadRequest);
            return Error(line, refusal);
        }

        var call = new SimulatedCall(request, model, tokens.CountPrompt(request.Messages!), apiKey, Batch: true);
        return simulator.AnswerBatchLine(call) switch
        {
            SimulatedOutcome.Completion { Response: var completion } => Success(line, completion),
            SimulatedOutcome.StalledCompletion { Response: var completion } => Success(line, completion),
            SimulatedOutcome.Error error => Error(line, error),
            _ => Error(line, new SimulatedOutcome.Error(500, OpenAiErrors.ServerError())),
        };
    }

    private static BatchLineResult Success(BatchLine line, ChatCompletionResponse completion) =>
        new(line, StatusCodes.Status200OK, JsonSerializer.SerializeToElement(completion, OpenAiJson.Options), completion.Usage);

    private static BatchLineResult Error(BatchLine line, SimulatedOutcome.Error error) =>
        new(line, error.StatusCode, JsonSerializer.SerializeToElement(error.Body, OpenAiJson.Options), null);
}
