using System.Globalization;
using System.Text.Json;
using Aimo.LlmSimulator.Faults;
using Aimo.LlmSimulator.OpenAi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Aimo.LlmSimulator.Apis;

/// <summary>The OpenAI-compatible surface: <c>/v1/chat/completions</c> and <c>/v1/models</c>. Any API key, or none, is accepted.</summary>
public static class OpenAiApi
{
    public static IEndpointRouteBuilder MapOpenAiApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1").WithTags("OpenAI");
        api.MapGet("/models", ListModels);
        api.MapPost("/chat/completions", CreateChatCompletion);
        return app;
    }

    public static JsonHttpResult<ModelList> ListModels(IOptions<SimulatorOptions> options) =>
        TypedResults.Json(
            new ModelList("list", [new ModelInfo(options.Value.Model, "model", 1_735_689_600, "aimo")]),
            OpenAiJson.Options);

    public static async Task<Results<JsonHttpResult<ChatCompletionResponse>, ServerSentEventsResult<string>, JsonHttpResult<OpenAiErrorResponse>, EmptyHttpResult>>
        CreateChatCompletion(
            HttpContext context, ChatCompletionSimulator simulator, SimulatorStats stats, ILogger<ChatCompletionSimulator> logger, CancellationToken cancellationToken)
    {
        // Read by hand rather than by binding, so a bad body gets OpenAI's error shape, not ASP.NET's.
        var (request, problem) = await ReadRequestAsync(context.Request, cancellationToken);
        if (request is null)
        {
            Log.BadRequest(logger, problem!);
            stats.Record(SimulatorStats.BadRequest);
            return TypedResults.Json(OpenAiErrors.InvalidRequest(problem!, "messages"), OpenAiJson.Options, statusCode: 400);
        }

        var outcome = await simulator.RunAsync(request, cancellationToken);
        switch (outcome)
        {
            case SimulatedOutcome.Error error:
                if (error.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                    context.Response.Headers["retry-after-ms"] = (seconds * 1000).ToString(CultureInfo.InvariantCulture);
                }
                return TypedResults.Json(error.Body, OpenAiJson.Options, statusCode: error.StatusCode);
            case SimulatedOutcome.Completion { Response: var completion } when request.Stream == true:
                return TypedResults.ServerSentEvents(ChunkStream.From(completion, request.StreamOptions?.IncludeUsage == true, cancellationToken));
            case SimulatedOutcome.Completion { Response: var completion }:
                return TypedResults.Json(completion, OpenAiJson.Options);
            default:
                return TypedResults.Empty;
        }
    }

    private static async Task<(ChatCompletionRequest? Request, string? Problem)> ReadRequestAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        ChatCompletionRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<ChatCompletionRequest>(http.Body, OpenAiJson.Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, $"We could not parse the JSON body of your request: {ex.Message}");
        }
        if (request?.Messages is not { Count: > 0 })
            return (null, "'messages' is a required property and must contain at least one message.");
        return (request, null);
    }
}
