using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Aimo.Core.Signatures;
using Aimo.Data.Queries;
using Aimo.Data.Queue;
using Aimo.Ingest.Api.OpenApi;
using Aimo.Ingest.Api.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aimo.Ingest.Api.Apis;

/// <summary>The JSON body of <c>POST /api/signatures</c> (documentation shape; the handler validates the raw JSON).</summary>
public sealed record IngestRequest(
    [property: MinLength(1), MaxLength(1000), Description("1 to Ingest:MaxItemsPerRequest (default 1000) signatures.")]
    IReadOnlyList<IngestSignature> Signatures);

/// <summary>One signature as sent by a caller (documentation shape; <see cref="SignatureParser"/> is the rule).</summary>
public sealed record IngestSignature(
    [property: RegularExpression("^[ABC]$"), Description("A (high volume), B (burst/cumulative) or C (coverage sample).")]
    string Tier,
    [property: MaxLength(253), Description("Host name or IP address without scheme, port or path; internationalised names are accepted.")]
    string Host,
    [property: MaxLength(2048), RegularExpression("^/"), Description("Path pattern, e.g. /v1/files/{id}; no control characters.")]
    string PathTemplate,
    [property: MinLength(1), MaxLength(20), Description("1 to Ingest:MaxSamplesPerSignature (default 20) sample requests of at most " +
        "Ingest:MaxSampleLength (default 4096) characters, no NUL. Untrusted text: data for the model, never instructions.")]
    IReadOnlyList<string> Samples,
    [property: RegularExpression("^[A-Za-z0-9_.:-]{1,128}$"), Description("Optional; derived from method + host + path template when absent.")]
    string? Id = null,
    [property: RegularExpression("^[A-Za-z]{1,16}$"), Description("HTTP method, e.g. GET; optional.")]
    string? Method = null,
    SignatureStats? Stats = null);

/// <summary>
/// What was accepted: per signature, in request order, its id and the version it was accepted as (null: a duplicate
/// of what is already queued). <c>GET /api/signatures/{id}</c> reports that version or a newer one, never an older one.
/// </summary>
public sealed record IngestResponse(int Accepted, int Duplicates, IReadOnlyList<string> Ids, IReadOnlyList<long?> Versions);

public static class SignaturesApi
{
    public const string NdjsonContentType = "application/x-ndjson";

    /// <summary>A full queue drains at the workers' pace: a minute, not seconds.</summary>
    public static readonly TimeSpan QueueFullRetryAfter = TimeSpan.FromSeconds(60);

    public static RouteGroupBuilder MapSignaturesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/signatures").WithTags("Signatures");
        // No .Accepts<T>(): its content-type matcher would answer 415 itself, without saying what to send.
        // The body is documented by IngestRequestBody instead.
        group.MapPost("/", IngestAsync).WithName("IngestSignatures")
            .WithDescription("Body: application/json {\"signatures\":[...]} or application/x-ndjson, one signature object per line.")
            .WithSummary("Validate, de-duplicate and enqueue signatures (all or nothing).")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .AddOpenApiOperationTransformer(IngestRequestBody.DescribeAsync);
        group.MapGet("/{id}", GetStatusAsync).WithName("GetSignatureStatus")
            .WithSummary("Where a signature stands: queued, deferred, classified or needs_review.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Accepted<IngestResponse>, ProblemHttpResult, ValidationProblem>> IngestAsync(
        HttpRequest request, SignatureQueue queue, IOptions<IngestOptions> options, IngestTelemetry telemetry, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var mediaType = request.ContentType is { } ct ? ct.Split(';')[0].Trim().ToLowerInvariant() : "";
        if (mediaType is not ("application/json" or NdjsonContentType))
        {
            telemetry.Rejected(IngestTelemetry.UnsupportedMediaType);
            return TypedResults.Problem(statusCode: 415, title: "Unsupported media type",
                detail: $"Send application/json ({{\"signatures\":[...]}}) or {NdjsonContentType} (one signature per line), not \"{request.ContentType}\".");
        }
        var body = request.ContentLength > limits.MaxBodyBytes ? null : await ReadBodyAsync(request, limits.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            telemetry.Rejected(IngestTelemetry.TooLarge);
            return TooLarge(limits);
        }
        var errors = new Dictionary<string, List<string>>();
        var parser = new SignatureParser(limits, errors);
        List<Signature>? items;
        try
        {
            items = mediaType == NdjsonContentType ? ParseNdjson(body, parser, limits) : ParseJson(body, parser, limits);
        }
        catch (InvalidOperationException ex)
        {
            // Well-formed JSON can still escape a lone UTF-16 surrogate ("\ud800"), which no .NET string can read.
            parser.Add("$", $"The body has text that is not valid Unicode: {ex.Message}");
            items = null;
        }
        if (errors.Count > 0 || items is null)
        {
            telemetry.Rejected(IngestTelemetry.Invalid);
            return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
                title: "The request was rejected as a whole; nothing was enqueued.",
                detail: $"{errors.Count} field(s) are invalid: {string.Join("; ", errors.Take(5).Select(e => $"{e.Key}: {e.Value[0]}"))}");
        }
        IReadOnlyList<EnqueueOutcome> outcomes;
        try
        {
            outcomes = await queue.EnqueueAsync(items, limits.DedupWindow, maxBacklog: limits.MaxQueuedEntries);
        }
        catch (QueueFullException full)
        {
            telemetry.Rejected(IngestTelemetry.QueueFull);
            request.HttpContext.Response.Headers.RetryAfter = Seconds(QueueFullRetryAfter);
            return TypedResults.Problem(statusCode: 429, title: "The queue is full",
                detail: $"The queue holds {full.Backlog} signatures not yet classified; this request would take it past Ingest:MaxQueuedEntries " +
                    $"({full.Cap}). Nothing was enqueued. Retry after {Seconds(QueueFullRetryAfter)} s, once the workers have caught up.");
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            telemetry.Rejected(IngestTelemetry.QueueUnavailable);
            request.HttpContext.Response.Headers.RetryAfter = Seconds(DependencyUnavailableExceptionHandler.RetryAfter);
            return TypedResults.Problem(statusCode: 503, title: "The queue is unavailable",
                detail: "Redis did not accept the signatures; nothing was enqueued. Retry later (re-sending is safe: duplicates are skipped).");
        }
        var accepted = outcomes.Count(o => o.Enqueued);
        telemetry.Accepted(accepted, outcomes.Count - accepted);
        return TypedResults.Accepted((string?)null, new IngestResponse(accepted, outcomes.Count - accepted,
            [.. outcomes.Select(o => o.Id)], [.. outcomes.Select(o => o.Enqueued ? o.Version : (long?)null)]));
    }

    public static async Task<Results<Ok<SignatureStatusView>, ProblemHttpResult, ValidationProblem>> GetStatusAsync(string id,
        SignatureQueries queries, CancellationToken cancellationToken)
    {
        if (!SignatureParser.IsValidId(id))
        {
            // Checked before any lookup: PostgreSQL text cannot hold every string a URL can carry (e.g. NUL).
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [SignatureParser.IdRule] });
        }
        return await queries.GetStatusAsync(id, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No signature with id \"{id}\" is queued or stored.");
    }

    private static List<Signature>? ParseJson(byte[] body, SignatureParser parser, IngestOptions limits)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            parser.Add("$", $"The body is not valid JSON: {ex.Message}");
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                parser.Add("$", "The body must be a JSON object: {\"signatures\":[...]}.");
                return null;
            }
            foreach (var property in root.EnumerateObject().Where(p => p.Name != "signatures"))
            {
                parser.Add(property.Name, $"Unknown field \"{property.Name}\"; the body has only \"signatures\".");
            }
            if (!root.TryGetProperty("signatures", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                parser.Add("signatures", "\"signatures\" is required and must be an array of signature objects.");
                return null;
            }
            var count = array.GetArrayLength();
            if (count == 0 || count > limits.MaxItemsPerRequest)
            {
                parser.Add("signatures", $"Send between 1 and {limits.MaxItemsPerRequest} signatures per request; got {count}.");
                return null;
            }
            return Collect(array.EnumerateArray(), parser);
        }
    }

    private static List<Signature>? ParseNdjson(byte[] body, SignatureParser parser, IngestOptions limits)
    {
        var lines = Encoding.UTF8.GetString(body).Split('\n')
            .Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0 || lines.Count > limits.MaxItemsPerRequest)
        {
            parser.Add("signatures", $"Send between 1 and {limits.MaxItemsPerRequest} signatures (lines) per request; got {lines.Count}.");
            return null;
        }
        var elements = new List<JsonElement>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            try
            {
                using var document = JsonDocument.Parse(lines[i]);
                elements.Add(document.RootElement.Clone());
            }
            catch (JsonException ex)
            {
                parser.Add($"signatures[{i}]", $"Line {i + 1} is not valid JSON: {ex.Message}");
                elements.Add(default);
            }
        }
        return Collect(elements, parser);
    }

    private static List<Signature> Collect(IEnumerable<JsonElement> elements, SignatureParser parser)
    {
        var list = new List<Signature>();
        var index = 0;
        foreach (var element in elements)
        {
            if (element.ValueKind != JsonValueKind.Undefined && parser.ParseItem(element, index) is { } signature)
            {
                list.Add(signature);
            }
            index++;
        }
        return list;
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string Seconds(TimeSpan wait) => ((long)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static ProblemHttpResult TooLarge(IngestOptions limits) =>
        TypedResults.Problem(statusCode: 413, title: "Request body too large",
            detail: $"The body may have at most {limits.MaxBodyBytes} bytes; split the load into several requests.");
}
