using System.Text.Json;

namespace Aimo.LlmSimulator.Batches;

/// <summary>
/// A line of a job's output or error file (OpenAI's <c>BatchRequestOutput</c>): an answered request has a
/// <see cref="Response"/> (its status and the body a synchronous call would have got, an error body for a 4xx/5xx);
/// a request never executed (the job expired or was cancelled first) has an <see cref="Error"/> instead.
/// </summary>
public sealed record BatchOutputLine(string Id, string CustomId, BatchLineResponse? Response, BatchLineError? Error)
{
    public static BatchOutputLine Answered(BatchLineResult result) =>
        new("batch_req_" + Ids.Random(32), result.Line.CustomId, new(result.StatusCode, "req_" + Guid.NewGuid().ToString("N"), result.Body), null);

    public static BatchOutputLine NotExecuted(BatchLine line, BatchLineError error) => new("batch_req_" + Ids.Random(32), line.CustomId, null, error);
}

public sealed record BatchLineResponse(int StatusCode, string RequestId, JsonElement Body);

public sealed record BatchLineError(string Code, string Message)
{
    public static readonly BatchLineError Expired = new("batch_expired", "This request could not be executed before the completion window expired.");
    public static readonly BatchLineError Cancelled = new("batch_cancelled", "This request was not executed because the batch was cancelled.");
}
