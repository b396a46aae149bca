using Aimo.Data.Budget;
using Aimo.Data.Entities;
using Aimo.Data.Llm;
using Aimo.Data.Operations;
using Aimo.Data.Queries;
using Aimo.Data.Queries.Dashboard;
using Aimo.Ingest.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using StackExchange.Redis;

namespace Aimo.Ingest.Api.Apis;

/// <summary>Today's budget. <c>OverspendUsd</c>: tier A/B spend past 100 %; <c>RefusedReservations</c>: tier C calls held back today.</summary>
public sealed record BudgetResponse(DateOnly Day, string TimeZone, decimal BudgetUsd, decimal SpentUsd, decimal ReservedUsd,
    decimal SoftLimitFraction, string State, IReadOnlyDictionary<string, long> Queued,
    decimal SoftLimitUsd, decimal RemainingUsd, decimal OverspendUsd, IReadOnlyDictionary<string, decimal> SpentByTierUsd,
    long RefusedReservations, DateTimeOffset DayStartsAt, DateTimeOffset NextDayStartsAt, string? PendingTimeZone, DateTimeOffset? TimeZoneChangeAt,
    LlmStatusView Llm, SpendByPath SpentByPathUsd);

public sealed record BudgetUpdate(decimal DailyBudgetUsd, decimal SoftLimitFraction, string? TimeZone = null);

public sealed record ResolveRequest(string Category, string Risk, string? Note = null, string? Service = null);

/// <summary>Budget, batches and the review queue: the same shared queries and commands the admin UI uses.</summary>
public static class OperationsApi
{
    private static readonly string[] ReviewStatusFilter =
        [ReviewStatuses.Open, ReviewStatuses.Requeued, ReviewStatuses.Resolved, ReviewStatuses.Dismissed, "all"];

    /// <summary>JSON bodies here are a few hundred bytes; a larger one is refused (413) before it is buffered.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapOperationsApi(this RouteGroupBuilder api)
    {
        api.WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));

        var budget = api.MapGroup("/budget").WithTags("Budget");
        budget.MapGet("/", GetBudgetAsync).WithName("GetBudget")
            .WithSummary("Today's budget, spend, reservations, state and queue depths.");
        budget.MapPut("/", PutBudgetAsync).WithName("UpdateBudget")
            .WithSummary("Set the daily budget, soft-limit fraction and time zone (audited).")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        var batches = api.MapGroup("/batches").WithTags("Batches");
        batches.MapGet("/", ListBatchesAsync).WithName("ListBatches")
            .WithSummary("Batches newest first with every metric; page with before.");
        batches.MapGet("/{id:guid}", GetBatchAsync).WithName("GetBatch")
            .WithSummary("One batch with its signatures, results and review reasons.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var review = api.MapGroup("/review").WithTags("Review");
        review.MapGet("/", ListReviewAsync).WithName("ListReviewItems")
            .WithSummary("The needs_review queue, newest first; page with before.");
        review.MapPost("/{id:long}/requeue", RequeueAsync).WithName("RequeueReviewItem")
            .WithSummary("Send the signature back to its tier's queue (idempotent, audited).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        review.MapPost("/{id:long}/resolve", ResolveAsync).WithName("ResolveReviewItem")
            .WithSummary("Record the operator's classification (idempotent, audited).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        review.MapPost("/{id:long}/dismiss", DismissAsync).WithName("DismissReviewItem")
            .WithSummary("Close the item without a classification (idempotent, audited).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Ok<BudgetResponse>> GetBudgetAsync(BudgetQueries queries, LlmStatusQueries llm, CostQueries costs,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await ToResponseAsync(await queries.GetTodayAsync(cancellationToken), llm, costs, cancellationToken));

    public static async Task<Results<Ok<BudgetResponse>, ValidationProblem>> PutBudgetAsync(BudgetUpdate update, HttpContext context,
        SettingsCommands commands, BudgetQueries queries, LlmStatusQueries llm, CostQueries costs, CancellationToken cancellationToken)
    {
        var result = await commands.UpdateBudgetAsync(update.DailyBudgetUsd, update.SoftLimitFraction, update.TimeZone,
            ApiKey.Actor(context), cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(await ToResponseAsync(await queries.GetTodayAsync(cancellationToken), llm, costs, cancellationToken))
            : TypedResults.ValidationProblem(result.Errors.ToDictionary(), title: "The budget settings are invalid; nothing was changed.");
    }

    public static async Task<Results<Ok<IReadOnlyList<BatchSummary>>, ValidationProblem>> ListBatchesAsync(BatchQueries queries,
        int? limit, DateTimeOffset? before, CancellationToken cancellationToken) =>
        limit is < 1 or > BatchQueries.MaxLimit
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {BatchQueries.MaxLimit}."] })
            // PostgreSQL stores UTC; Npgsql refuses a DateTimeOffset with any other offset.
            : TypedResults.Ok(await queries.ListAsync(limit ?? 50, before?.ToUniversalTime(), cancellationToken));

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

    public static async Task<Results<Ok<ReviewItemView>, ProblemHttpResult>> RequeueAsync(long id, HttpContext context,
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
        HttpContext context, ReviewActions actions, CancellationToken cancellationToken)
    {
        var result = await actions.ResolveAsync(id, body.Category, body.Risk, body.Note, ApiKey.Actor(context), body.Service, cancellationToken);
        if (result.Outcome == ReviewActionOutcome.Invalid)
        {
            return TypedResults.ValidationProblem(result.Errors!.ToDictionary(), title: result.Message);
        }
        return ToResult(result).Result switch
        {
            Ok<ReviewItemView> ok => ok,
            var problem => (ProblemHttpResult)problem,
        };
    }

    public static async Task<Results<Ok<ReviewItemView>, ProblemHttpResult>> DismissAsync(long id, HttpContext context,
        ReviewActions actions, CancellationToken cancellationToken) =>
        ToResult(await actions.DismissAsync(id, ApiKey.Actor(context), cancellationToken));

    /// <summary>Requeue and dismiss take no input, so their only failures are 404 and 409.</summary>
    private static Results<Ok<ReviewItemView>, ProblemHttpResult> ToResult(ReviewActionResult result) => result.Outcome switch
    {
        ReviewActionOutcome.Done or ReviewActionOutcome.AlreadyDone => TypedResults.Ok(result.Item!),
        ReviewActionOutcome.NotFound => TypedResults.Problem(statusCode: 404, title: "Not found", detail: result.Message),
        ReviewActionOutcome.Conflict => TypedResults.Problem(statusCode: 409, title: "Conflict", detail: result.Message),
        _ => TypedResults.Problem(statusCode: 400, title: result.Message),
    };

    // The split by path comes from the day's batch records (PostgreSQL); the spend and the tiers' shares from the budget's counters.
    private static async Task<BudgetResponse> ToResponseAsync(BudgetView v, LlmStatusQueries llm, CostQueries costs, CancellationToken cancellationToken) =>
        new(v.Day, v.TimeZone, v.BudgetUsd, v.SpentUsd, v.ReservedUsd,
        v.SoftLimitFraction, v.State, new Dictionary<string, long> { ["A"] = v.Queued.A, ["B"] = v.Queued.B, ["C"] = v.Queued.C },
        v.SoftLimitUsd, v.RemainingUsd, v.OverspendUsd, v.SpentByTierUsd, v.RefusedReservations, v.DayStartsAt, v.NextDayStartsAt,
        v.PendingTimeZone, v.TimeZoneChangeAt, await llm.GetAsync(), await costs.ByPathAsync(v.DayStartsAt, v.NextDayStartsAt, cancellationToken));
}
