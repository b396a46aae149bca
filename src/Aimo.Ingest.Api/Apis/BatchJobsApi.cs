using Aimo.Data.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aimo.Ingest.Api.Apis;

/// <summary>Tier C's jobs at the provider's Batch API: state, lines, age and cost (operator scope).</summary>
public static class BatchJobsApi
{
    public static RouteGroupBuilder MapBatchJobsApi(this RouteGroupBuilder api)
    {
        api.MapGroup("/batch-jobs").WithTags("Batch jobs")
            .MapGet("/", ListBatchJobsAsync).WithName("ListBatchJobs")
            .WithSummary("Tier C's Batch API jobs newest first: state, provider status, lines, estimated and actual cost; page with before.");
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<BatchJobSummary>>, ValidationProblem>> ListBatchJobsAsync(BatchJobQueries queries,
        int? limit, DateTimeOffset? before, CancellationToken cancellationToken) =>
        limit is < 1 or > BatchJobQueries.MaxLimit
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {BatchJobQueries.MaxLimit}."] })
            // PostgreSQL stores UTC; Npgsql refuses a DateTimeOffset with any other offset.
            : TypedResults.Ok(await queries.ListAsync(limit ?? 50, before?.ToUniversalTime(), cancellationToken));
}
