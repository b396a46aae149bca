using System.ComponentModel;
using Aimo.Data.Queries;
using Aimo.Data.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Aimo.Ingest.Api.Apis;

/// <summary>The body of <c>POST /api/signatures/status</c>.</summary>
public sealed record StatusRequest(
    [property: Description("1 to 1,000 signature ids, as returned by POST /api/signatures.")] IReadOnlyList<string> Ids);

/// <summary>The statuses of the ids asked for, in request order (each id once); ids no one knows are listed in <c>NotFound</c>.</summary>
public sealed record StatusResponse(IReadOnlyList<SignatureStatusView> Signatures, IReadOnlyList<string> NotFound);

/// <summary>Results back to the feeders: the outcomes feed and many statuses in one call (ingest scope).</summary>
public static class ResultsApi
{
    public const int MaxStatusIds = 1000;

    /// <summary>1,000 ids of at most 128 characters, in JSON, with room to spare.</summary>
    public const long MaxStatusBodyBytes = 256 * 1024;

    public static RouteGroupBuilder MapResultsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/results", ReadAsync).WithTags("Results").WithName("ReadResults")
            .WithSummary("Every classification or review outcome in commit order, after a cursor.")
            .WithDescription("Keep the response's next cursor and pass it as after: each outcome is returned once, in the order it was committed, " +
                $"none skipped. limit: 1 to {ResultFeed.MaxLimit} (default {ResultFeed.DefaultLimit}); hasMore: read again at once.");
        api.MapPost("/signatures/status", StatusesAsync).WithTags("Signatures").WithName("GetSignatureStatuses")
            .WithSummary($"The current status of up to {MaxStatusIds} signatures in one call.")
            .WithMetadata(new RequestSizeLimitAttribute(MaxStatusBodyBytes))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return api;
    }

    public static async Task<Results<Ok<ResultsPage>, ValidationProblem>> ReadAsync(ResultFeed feed, string? after = null, int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (!FeedCursor.TryDecode(after, out var afterSeq))
        {
            errors["after"] = ["Not a cursor of this feed: pass the next (or an item's cursor) from an earlier response, or nothing to start at the beginning."];
        }
        if (limit is < 1 or > ResultFeed.MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {ResultFeed.MaxLimit}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await feed.ReadAsync(afterSeq, limit ?? ResultFeed.DefaultLimit, cancellationToken));
    }

    public static async Task<Results<Ok<StatusResponse>, ValidationProblem>> StatusesAsync(StatusRequest request, SignatureQueries queries,
        CancellationToken cancellationToken)
    {
        var ids = request.Ids;
        if (ids.Count is 0 or > MaxStatusIds)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["ids"] = [$"Send between 1 and {MaxStatusIds} ids per request; got {ids.Count}."],
            });
        }
        var invalid = ids.Select((id, i) => (id, i)).Where(x => x.id is null || !SignatureParser.IsValidId(x.id)).Take(20).ToList();
        if (invalid.Count > 0)
        {
            // Checked before any lookup: PostgreSQL text cannot hold every string JSON can carry (e.g. NUL).
            return TypedResults.ValidationProblem(invalid.ToDictionary(x => $"ids[{x.i}]", _ => new[] { SignatureParser.IdRule }));
        }
        var views = await queries.GetStatusesAsync(ids, cancellationToken);
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new StatusResponse(
            [.. distinct.Where(views.ContainsKey).Select(id => views[id])], [.. distinct.Where(id => !views.ContainsKey(id))]));
    }
}
