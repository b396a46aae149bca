using Aimo.LlmSimulator.Auth;
using Aimo.LlmSimulator.Batches;
using Aimo.LlmSimulator.OpenAi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aimo.LlmSimulator.Apis;

/// <summary>
/// <c>/v1/batches</c>: create, retrieve, list and cancel jobs of chat-completion requests, answered by the same
/// simulator as <c>/v1/chat/completions</c> (see <see cref="BatchJob"/> for the lifecycle, <see cref="BatchOptions"/>
/// for its pace).
/// </summary>
public static class BatchesApi
{
    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;

    public static RouteGroupBuilder MapBatchesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/batches", CreateBatch);
        api.MapGet("/batches", ListBatches);
        api.MapGet("/batches/{batchId}", GetBatch);
        api.MapPost("/batches/{batchId}/cancel", CancelBatch);
        return api;
    }

    public static async Task<Results<JsonHttpResult<BatchObject>, JsonHttpResult<OpenAiErrorResponse>>> CreateBatch(
        HttpContext context, BatchStore batches, FileStore files, CancellationToken cancellationToken)
    {
        var (request, problem) = await BatchCreateReader.ReadAsync(context.Request.Body, cancellationToken);
        if (request is null) return Error(StatusCodes.Status400BadRequest, problem!);
        if (files.Find(request.InputFileId) is not { } input) return FilesApi.NotFound(request.InputFileId, "input_file_id");
        if (input.Purpose != "batch")
            return Error(StatusCodes.Status400BadRequest, OpenAiErrors.InvalidRequest(
                $"The input file {input.Id} has purpose '{input.Purpose}'; a batch needs a file uploaded with purpose 'batch'.", "input_file_id"));
        var created = batches.Create(input, request.Endpoint, request.CompletionWindow, request.Metadata, ApiKeyAuthenticationHandler.BearerKey(context.Request));
        return TypedResults.Json(created, OpenAiJson.Options);
    }

    public static Results<JsonHttpResult<BatchObject>, JsonHttpResult<OpenAiErrorResponse>> GetBatch(string batchId, BatchStore batches) =>
        batches.Find(batchId) is { } batch ? TypedResults.Json(batch, OpenAiJson.Options) : NotFound(batchId);

    public static Results<JsonHttpResult<BatchList>, JsonHttpResult<OpenAiErrorResponse>> ListBatches(HttpRequest request, BatchStore batches)
    {
        var after = request.Query["after"].ToString();
        var limitText = request.Query["limit"].ToString();
        var limit = DefaultPageSize;
        if (limitText.Length > 0 && !int.TryParse(limitText, out limit))
            return Error(StatusCodes.Status400BadRequest, ParameterErrors.InvalidType("limit", "an integer", $"'{limitText}'"));
        if (limit < 1) return Error(StatusCodes.Status400BadRequest, ParameterErrors.BelowMinimum("limit", "integer", "1", limitText));
        if (limit > MaxPageSize) return Error(StatusCodes.Status400BadRequest, ParameterErrors.AboveMaximum("limit", "integer", $"{MaxPageSize}", limitText));
        return TypedResults.Json(batches.List(after.Length > 0 ? after : null, limit), OpenAiJson.Options);
    }

    public static Results<JsonHttpResult<BatchObject>, JsonHttpResult<OpenAiErrorResponse>> CancelBatch(string batchId, BatchStore batches) =>
        batches.TryCancel(batchId, out var batch) switch
        {
            null => NotFound(batchId),
            true => TypedResults.Json(batch!, OpenAiJson.Options),
            false => Error(StatusCodes.Status409Conflict, OpenAiErrors.InvalidRequest($"Cannot cancel a batch with status '{batch!.Status}'.")),
        };

    private static JsonHttpResult<OpenAiErrorResponse> NotFound(string batchId) =>
        Error(StatusCodes.Status404NotFound, OpenAiErrors.InvalidRequest($"No such Batch object: {batchId}", "batch_id"));

    private static JsonHttpResult<OpenAiErrorResponse> Error(int status, OpenAiErrorResponse error) =>
        TypedResults.Json(error, OpenAiJson.Options, statusCode: status);
}
