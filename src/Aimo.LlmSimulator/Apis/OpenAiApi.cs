using Aimo.LlmSimulator.Auth;
using Aimo.LlmSimulator.Billing;
using Aimo.LlmSimulator.Dialects;
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

    /// <summary>
    /// A chat completion, in the configured <see cref="Dialect"/>: Azure's deployment names its model and its 401, 404
    /// and 429 bodies are Azure's; Ollama ignores <c>max_completion_tokens</c> and sends no usage details.
    /// </summary>
    public static async Task<IResult> CreateChatCompletion(HttpContext context, [AsParameters] ChatServices services, CancellationToken cancellationToken)
    {
        var (request, problem) = await ChatRequestReader.ReadAsync(context.Request.Body, cancellationToken);
        var dialect = services.Simulator.Value.Dialect;
        if (request is not null)
        {
            context.Features.Get<CallRecord>()?.Carried(request.Model, request.MaxTokens, request.MaxCompletionTokens);
            request = dialect switch
            {
                Dialect.Azure => request with
                {
                    Model = AzureDialect.ModelOf(context.Items[DialectItems.Deployment] as string ?? request.Model ?? "", services.Simulator.Value),
                },
                Dialect.Ollama => request with { MaxCompletionTokens = null },
                _ => request,
            };
        }
        var (model, refusal) = request is null ? (null, new SimulatedOutcome.Error(400, problem!)) : services.Validator.Validate(request);
        if (request is null || model is null)
        {
            // A refused request is not charged, but still reports the limits, as every chat answer does.
            RateLimitHeaders.Write(context.Response, services.Limiter.Peek(), dialect);
            Log.Refused(services.Logger, refusal!.StatusCode, refusal.Body.Error.Code, refusal.Body.Error.Message);
            return Refused(context, services, refusal, refusal.StatusCode == 404 ? SimulatorStats.ModelNotFound : SimulatorStats.BadRequest);
        }

        var promptTokens = services.Tokens.CountPrompt(request.Messages!);
        // OpenAI charges the token limit at admission: the prompt plus all the output the request may produce.
        var charged = promptTokens + ((request.OutputTokenLimit ?? 0) * request.Choices);
        var admission = services.Limiter.Admit(charged);
        RateLimitHeaders.Write(context.Response, admission, dialect);
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
        return await services.Completions.RunAsync(call, cancellationToken) switch
        {
            SimulatedOutcome.Error error => Error(context, error, dialect),
            SimulatedOutcome.Completion { Response: var completion } when streamed =>
                TypedResults.ServerSentEvents(ChunkStream.From(InDialect(completion, dialect), includeUsage, null, services.Time, cancellationToken)),
            SimulatedOutcome.Completion { Response: var completion } => TypedResults.Json(InDialect(completion, dialect), OpenAiJson.Options),
            SimulatedOutcome.StalledCompletion { Response: var completion, Stall: var stall } when streamed =>
                TypedResults.ServerSentEvents(ChunkStream.From(InDialect(completion, dialect), includeUsage, stall, services.Time, cancellationToken)),
            SimulatedOutcome.StalledCompletion { Response: var completion, Stall: var stall } => new StalledJsonResult(InDialect(completion, dialect), stall, services.Time),
            _ => TypedResults.Empty,
        };
    }

    private static IResult Refused(HttpContext context, ChatServices services, SimulatedOutcome.Error error, string outcome)
    {
        services.Stats.Record(outcome);
        return Error(context, error, services.Simulator.Value.Dialect);
    }

    private static IResult Error(HttpContext context, SimulatedOutcome.Error error, Dialect dialect)
    {
        if (error.RetryAfter is { } wait) RateLimitHeaders.WriteRetryAfter(context.Response, wait);
        return dialect == Dialect.Azure && AzureErrors.For(error.StatusCode, error.RetryAfter) is { } azure
            ? TypedResults.Json(azure, OpenAiJson.Options, statusCode: error.StatusCode)
            : TypedResults.Json(error.Body, OpenAiJson.Options, statusCode: error.StatusCode);
    }

    // Ollama's usage has the three counts only.
    private static ChatCompletionResponse InDialect(ChatCompletionResponse completion, Dialect dialect) =>
        dialect == Dialect.Ollama
            ? completion with { Usage = completion.Usage with { PromptTokensDetails = null, CompletionTokensDetails = null } }
            : completion;

    private static ModelInfo Describe(SimulatedModel model) => new(model.Name, "model", ModelsCreated, "system");
}
