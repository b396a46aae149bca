using Aimo.LlmSimulator.Batches;
using Aimo.LlmSimulator.OpenAi;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aimo.LlmSimulator.Apis;

/// <summary>
/// <c>/v1/files</c>: upload (multipart <c>file</c> and <c>purpose</c>), retrieve, download and delete, as the Batch API
/// needs them. An upload with purpose <c>batch</c> must be a <c>.jsonl</c> file of at most 200 MB; its lines are checked
/// when a job uses it, as the real API does.
/// </summary>
public static class FilesApi
{
    public const long MaxBatchFileBytes = 200L * 1024 * 1024;
    // The multipart framing around the largest file the Batch API takes.
    private const long FormOverhead = 1024 * 1024;
    private static readonly string[] Purposes = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"];

    public static RouteGroupBuilder MapFilesApi(this RouteGroupBuilder api)
    {
        // A client of this API sends a bearer key, not a browser's form: there is no cookie to forge a request with.
        api.MapPost("/files", UploadFile).DisableAntiforgery();
        api.MapGet("/files/{fileId}", GetFile);
        api.MapGet("/files/{fileId}/content", GetFileContent);
        api.MapDelete("/files/{fileId}", DeleteFile);
        return api;
    }

    public static async Task<Results<JsonHttpResult<FileObject>, JsonHttpResult<OpenAiErrorResponse>>> UploadFile(
        HttpContext context, FileStore files, CancellationToken cancellationToken)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = MaxBatchFileBytes + FormOverhead;
        if (!context.Request.HasFormContentType)
            return BadRequest(OpenAiErrors.InvalidRequest("Invalid Content-Type header, expected multipart/form-data."));
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaxBatchFileBytes + FormOverhead }, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return BadRequest(TooLarge());
        }

        var file = form.Files.GetFile("file");
        var purpose = form["purpose"].ToString();
        if (file is null) return BadRequest(ParameterErrors.Missing("file"));
        if (purpose.Length == 0) return BadRequest(ParameterErrors.Missing("purpose"));
        if (!Purposes.Contains(purpose)) return BadRequest(ParameterErrors.InvalidValue("purpose", purpose, Purposes));
        if (purpose == "batch" && !file.FileName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            return BadRequest(OpenAiErrors.InvalidRequest("Invalid file format for Batch API. Must be .jsonl"));
        if (purpose == "batch" && file.Length > MaxBatchFileBytes) return BadRequest(TooLarge());

        using var content = new MemoryStream();
        await file.CopyToAsync(content, cancellationToken);
        return TypedResults.Json(files.Add(file.FileName, purpose, content.ToArray()).Describe(), OpenAiJson.Options);
    }

    public static Results<JsonHttpResult<FileObject>, JsonHttpResult<OpenAiErrorResponse>> GetFile(string fileId, FileStore files) =>
        files.Find(fileId) is { } file ? TypedResults.Json(file.Describe(), OpenAiJson.Options) : NotFound(fileId);

    public static Results<FileContentHttpResult, JsonHttpResult<OpenAiErrorResponse>> GetFileContent(string fileId, FileStore files) =>
        files.Find(fileId) is { } file ? TypedResults.File(file.Content, "application/octet-stream") : NotFound(fileId);

    public static Results<JsonHttpResult<DeletedFile>, JsonHttpResult<OpenAiErrorResponse>> DeleteFile(string fileId, FileStore files) =>
        files.Delete(fileId) ? TypedResults.Json(new DeletedFile(fileId, "file", true), OpenAiJson.Options) : NotFound(fileId);

    /// <summary>The real API's answer for an unknown file id.</summary>
    public static JsonHttpResult<OpenAiErrorResponse> NotFound(string fileId, string param = "id") =>
        TypedResults.Json(OpenAiErrors.InvalidRequest($"No such File object: {fileId}", param), OpenAiJson.Options, statusCode: StatusCodes.Status404NotFound);

    private static OpenAiErrorResponse TooLarge() =>
        OpenAiErrors.InvalidRequest($"File is too large. The Batch API accepts input files of up to {MaxBatchFileBytes / 1024 / 1024} MB.", "file");

    private static JsonHttpResult<OpenAiErrorResponse> BadRequest(OpenAiErrorResponse error) =>
        TypedResults.Json(error, OpenAiJson.Options, statusCode: StatusCodes.Status400BadRequest);
}
