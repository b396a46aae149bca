using Aimo.LlmSimulator.Auth;
using Aimo.LlmSimulator.Billing;
using Aimo.LlmSimulator.Faults;
using Aimo.LlmSimulator.Limits;
using Aimo.LlmSimulator.Models;
using Aimo.LlmSimulator.OpenAi;
using Aimo.LlmSimulator.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aimo.LlmSimulator.Apis;

/// <summary>
/// The OpenAI-compatible surface: <c>/v1/chat/completions</c>, <c>/v1/models</c>, and <c>/v1/files</c> and <c>/v1/batches</c>
/// for the Batch API (<see cref="FilesApi"/>, <see cref="BatchesApi"/>), behind a bearer key. A chat
/// request goes through what the real API does, in its order: authentication, the body's JSON and parameter
/// names, the rules and the model, the rate limits; only then the fault profile and the answer.
/// </summary>
public static class OpenAiApi
{
    // A fixed date, so model listings are stable across runs.
    private const long ModelsCreated = 1_735_689_600;

    public static IEndpointRouteBuilder MapOpenAiApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1").WithTags("OpenAI").RequireAuthorization(ApiKeyAuthenticationHandler.PolicyName);
        api.MapGet("/models", ListModels);
        api.MapGet("/models/{model}", GetModel);
        api.MapPost("/chat/completions", CreateChatCompletion);
        api.MapFilesApi();
        api.MapBatchesApi();
        // The real API answers an unknown route with a JSON error, not an empty 404.
        app.MapFallback(InvalidUrl);
        return app;
    }

    public static JsonHttpResult<ModelList> ListModels(ModelCatalog models) =>
        TypedResults.Json(new ModelList("list", [.. models.All.Select(Describe)]), OpenAiJson.Options);

    public static Results<JsonHttpResult<ModelInfo>, JsonHttpResult<OpenAiErrorResponse>> GetModel(string model, ModelCatalog models) =>
        models.Find(model) is { } found
            ? TypedResults.Json(Describe(found), OpenAiJson.Options)
            : TypedResults.Json(OpenAiErrors.ModelDoesNotExist(model), OpenAiJson.Options, statusCode: StatusCodes.Status404NotFound);

    public static JsonHttpResult<OpenAiErrorResponse> InvalidUrl(HttpContext context) =>
        TypedResults.Json(OpenAiErrors.InvalidUrl(context.Request.Method, context.Request.Path), OpenAiJson.Options, statusCode: StatusCodes.Status404NotFound);

    public static async Task<Results<JsonHttpResult<ChatCompletionResponse>, ServerSentEventsResult<string>, StalledJsonResult, JsonHttpResult<OpenAiErrorResponse>, EmptyHttpResult>>
        CreateChatCompletion(HttpContext context, [AsParameters] ChatServices services, CancellationToken cancellationToken)
    {
        var (request, problem) = await ChatRequestReader.ReadAsync(context.Request.Body, cancellationToken);
        var (model, refusal) = request is null ? (null, new SimulatedOutcome.Error(400, problem!)) : services.Validator.Validate(request);
        if (request is null || model is null)
        {
            // A refused request is not charged, but still reports the limits, as every chat answer does.
            RateLimitHeaders.Write(context.Response, services.Limiter.Peek());
            Log.Refused(services.Logger, refusal!.StatusCode, refusal.Body.Error.Code, refusal.Body.Error.Message);
            return Refused(context, services, refusal, refusal.StatusCode == 404 ? SimulatorStats.ModelNotFound : SimulatorStats.BadRequest);
        }

        var promptTokens = services.Tokens.CountPrompt(request.Messages!);
        // OpenAI charges the token limit at admission: the prompt plus all the output the request may produce.
        var charged = promptTokens + ((request.OutputTokenLimit ?? 0) * request.Choices);
        var admission = services.Limiter.Admit(charged);
        RateLimitHeaders.Write(context.Response, admission);
        if (!admission.Admitted)
        {
            var refused = new SimulatedOutcome.Error(429, RateLimitMessages.For(model.Name, admission), admission.RetryAfter);
            Log.RateLimited(services.Logger, refused.Body.Error.Message);
            return Refused(context, services, refused, admission.RefusedBy == LimitKind.Requests ? SimulatorStats.RateLimitRequests : SimulatorStats.RateLimitTokens);
        }
        services.Stats.Admitted(charged);

        var call = new SimulatedCall(request, model, promptTokens, ApiKeyAuthenticationHandler.BearerKey(context.Request), context.Features.Get<CallRecord>());
        var streamed = request.Stream == true;
        var includeUsage = request.StreamOptions?.IncludeUsage == true;
        return await services.Simulator.RunAsync(call, cancellationToken) switch
        {
            SimulatedOutcome.Error error => Error(context, error),
            SimulatedOutcome.Completion { Response: var completion } when streamed =>
                TypedResults.ServerSentEvents(ChunkStream.From(completion, includeUsage, null, services.Time, cancellationToken)),
            SimulatedOutcome.Completion { Response: var completion } => TypedResults.Json(completion, OpenAiJson.Options),
            SimulatedOutcome.StalledCompletion { Response: var completion, Stall: var stall } when streamed =>
                TypedResults.ServerSentEvents(ChunkStream.From(completion, includeUsage, stall, services.Time, cancellationToken)),
            SimulatedOutcome.StalledCompletion { Response: var completion, Stall: var stall } => new StalledJsonResult(completion, stall, services.Time),
            _ => TypedResults.Empty,
        };
    }

    private static JsonHttpResult<OpenAiErrorResponse> Refused(HttpContext context, ChatServices services, SimulatedOutcome.Error error, string outcome)
    {
        services.Stats.Record(outcome);
        return Error(context, error);
    }

    private static JsonHttpResult<OpenAiErrorResponse> Error(HttpContext context, SimulatedOutcome.Error error)
    {
        if (error.RetryAfter is { } wait) RateLimitHeaders.WriteRetryAfter(context.Response, wait);
        return TypedResults.Json(error.Body, OpenAiJson.Options, statusCode: error.StatusCode);
    }

    private static ModelInfo Describe(SimulatedModel model) => new(model.Name, "model", ModelsCreated, "system");
}
