using System.Text.Json;

namespace Aimo.LlmSimulator.OpenAi;

/// <summary>
/// The <c>stall_body</c> fault for a non-streamed answer: status 200, the headers (with the full
/// Content-Length) and the first half of the JSON go out and are flushed, then nothing for <c>HangMs</c>, then the
/// rest. A client whose timeout covers only the response headers waits on the body for the whole stall.
/// </summary>
public sealed class StalledJsonResult(ChatCompletionResponse completion, TimeSpan stall, TimeProvider time) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(completion, OpenAiJson.Options);
        var response = httpContext.Response;
        var aborted = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        var half = body.Length / 2;
        try
        {
            await response.Body.WriteAsync(body.AsMemory(0, half), aborted);
            await response.Body.FlushAsync(aborted);
            await Task.Delay(stall, time, aborted);
            await response.Body.WriteAsync(body.AsMemory(half), aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client gave up on the body; there is no one left to answer.
        }
    }
}
