using Aimo.Data.Budget;
using Aimo.Data.Entities;
using Aimo.Data.Llm;
using Aimo.Data.Operations;
using Aimo.Data.Queries;
using Aimo.Ingest.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace Aimo.Ingest.Api.Apis;

/// <summary>Today's budget. <c>OverspendUsd</c>: tier A/B spend past 100 %; <c>RefusedReservations</c>: tier C calls held back today.</summary>
public sealed record BudgetResponse(DateOnly Day, string TimeZone, decimal BudgetUsd, decimal SpentUsd, decimal ReservedUsd,
    decimal SoftLimitFraction, string State, IReadOnlyDictionary<string, long> Queued,
    decimal SoftLimitUsd, decimal RemainingUsd, decimal OverspendUsd, IReadOnlyDictionary<string, decimal> SpentByTierUsd,
    long RefusedReservations, DateTimeOffset DayStartsAt, DateTimeOffset NextDayStartsAt, string? PendingTimeZone, DateTimeOffset? TimeZoneChangeAt,
    LlmStatusView Llm);

public sealed record BudgetUpdate(decimal DailyBudgetUsd, decimal SoftLimitFraction, string? TimeZone = null);

public sealed record ResolveRequest(string Category, string Risk, string? Note = null, string? Service = null);

/// <summary>Budget, batches and the review queue: the same shared queries and commands the admin UI uses.</summary>
public static class OperationsApi
{
    private static readonly string[] ReviewStatusFilter =
        [ReviewStatuses.Open, ReviewStatuses.Requeued, ReviewStatuses.Resolved, ReviewStatuses.Dismissed, "all"];

    public static RouteGroupBuilder MapOperationsApi(this RouteGroupBuilder api)
    {
        var budget = api.MapGroup("/budget").WithTags("Budget");
        budget.MapGet("/", GetBudgetAsync).WithName("GetBudget");
        budget.MapPut("/", PutBudgetAsync).WithName("UpdateBudget");

        var batches = api.MapGroup("/batches").WithTags("Batches");
        batches.MapGet("/", ListBatchesAsync).WithName("ListBatches");
        batches.MapGet("/{id:guid}", GetBatchAsync).WithName("GetBatch");

        var review = api.MapGroup("/review").WithTags("Review");
        review.MapGet("/", ListReviewAsync).WithName("ListReviewItems");
        review.MapPost("/{id:long}/requeue", RequeueAsync).WithName("RequeueReviewItem");
        review.MapPost("/{id:long}/resolve", ResolveAsync).WithName("ResolveReviewItem");
        review.MapPost("/{id:long}/dismiss", DismissAsync).WithName("DismissReviewItem");
        return api;
    }

    public static async Task<Ok<BudgetResponse>> GetBudgetAsync(BudgetQueries queries, LlmStatusQueries llm, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToResponse(await queries.GetTodayAsync(cancellationToken), await llm.GetAsync()));

    public static async Task<Results<Ok<BudgetResponse>, ValidationProblem>> PutBudgetAsync(BudgetUpdate update, HttpContext context,
        SettingsCommands commands, BudgetQueries queries, LlmStatusQueries llm, CancellationToken cancellationToken)
    {
        var result = await commands.UpdateBudgetAsync(update.DailyBudgetUsd, update.SoftLimitFraction, update.TimeZone,
            ApiKey.Actor(context), cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(ToResponse(await queries.GetTodayAsync(cancellationToken), await llm.GetAsync()))
            : TypedResults.ValidationProblem(result.Errors.ToDictionary(), title: "The budget settings are invalid; nothing was changed.");
    }

    public static async Task<Results<Ok<IReadOnlyList<BatchSummary>>, ValidationProblem>> ListBatchesAsync(BatchQueries queries,
        int? limit, DateTimeOffset? before, CancellationToken cancellationToken) =>
        limit is < 1 or > BatchQueries.MaxLimit
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {BatchQueries.MaxLimit}."] })
            : TypedResults.Ok(await queries.ListAsync(limit ?? 50, before, cancellationToken));

    public static async Task<Results<Ok<BatchDetail>, ProblemHttpResult>> GetBatchAsync(Guid id, BatchQueries queries,
        CancellationToken cancellationToken) =>
        await queries.GetAsync(id, cancellationToken) is { } detail
            ? TypedResults.Ok(detail)
            : TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No batch with id {id}.");

    public static async Task<Results<Ok<IReadOnlyList<ReviewItemView>>, ValidationProblem>> ListReviewAsync(ReviewQueries queries,
        string? status, int? limit, long? before, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        status ??= ReviewStatuses.Open;
        if (!ReviewStatusFilter.Contains(status))
        {
            errors["status"] = [$"status must be one of: {string.Join(", ", ReviewStatusFilter)}."];
        }
        if (limit is < 1 or > ReviewQueries.MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {ReviewQueries.MaxLimit}."];
        }
        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(await queries.ListAsync(status == "all" ? null : status, limit ?? 50, before, cancellationToken));
    }

    public static async Task<Results<Ok<ReviewItemView>, ProblemHttpResult, ValidationProblem>> RequeueAsync(long id, HttpContext context,
        ReviewActions actions, CancellationToken cancellationToken)
    {
        try
        {
            return ToResult(await actions.RequeueAsync(id, ApiKey.Actor(context), cancellationToken));
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            return TypedResults.Problem(statusCode: 503, title: "The queue is unavailable",
                detail: "Redis did not accept the signature; the review item is unchanged. Retry later.");
        }
    }

    public static async Task<Results<Ok<ReviewItemView>, ProblemHttpResult, ValidationProblem>> ResolveAsync(long id, ResolveRequest body,
        HttpContext context, ReviewActions actions, CancellationToken cancellationToken) =>
        ToResult(await actions.ResolveAsync(id, body.Category, body.Risk, body.Note, ApiKey.Actor(context), body.Service, cancellationToken));

    public static async Task<Results<Ok<ReviewItemView>, ProblemHttpResult, ValidationProblem>> DismissAsync(long id, HttpContext context,
        ReviewActions actions, CancellationToken cancellationToken) =>
        ToResult(await actions.DismissAsync(id, ApiKey.Actor(context), cancellationToken));

    private static Results<Ok<ReviewItemView>, ProblemHttpResult, ValidationProblem> ToResult(ReviewActionResult result) => result.Outcome switch
    {
        ReviewActionOutcome.Done or ReviewActionOutcome.AlreadyDone => TypedResults.Ok(result.Item!),
        ReviewActionOutcome.NotFound => TypedResults.Problem(statusCode: 404, title: "Not found", detail: result.Message),
        ReviewActionOutcome.Conflict => TypedResults.Problem(statusCode: 409, title: "Conflict", detail: result.Message),
        _ => TypedResults.ValidationProblem(result.Errors!.ToDictionary(), title: result.Message),
    };

    private static BudgetResponse ToResponse(BudgetView v, LlmStatusView llm) => new(v.Day, v.TimeZone, v.BudgetUsd, v.SpentUsd, v.ReservedUsd,
        v.SoftLimitFraction, v.State, new Dictionary<string, long> { ["A"] = v.Queued.A, ["B"] = v.Queued.B, ["C"] = v.Queued.C },
        v.SoftLimitUsd, v.RemainingUsd, v.OverspendUsd, v.SpentByTierUsd, v.RefusedReservations, v.DayStartsAt, v.NextDayStartsAt,
        v.PendingTimeZone, v.TimeZoneChangeAt, llm);
}
