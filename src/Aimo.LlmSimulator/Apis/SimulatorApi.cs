using Aimo.LlmSimulator.OpenAi;
using System.ComponentModel.DataAnnotations;
using Aimo.LlmSimulator.Auth;
using Aimo.LlmSimulator.Batches;
using Aimo.LlmSimulator.Billing;
using Aimo.LlmSimulator.Faults;
using Aimo.LlmSimulator.Limits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aimo.LlmSimulator.Apis;

/// <summary>Run-time control of the simulator: the fault profile, forced faults, accepted keys, rate limits, stats and reset.</summary>
public static class SimulatorApi
{
    public static IEndpointRouteBuilder MapSimulatorApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sim").WithTags("Simulator");
        api.MapGet("/faults", GetFaults);
        api.MapPut("/faults", PutFaults);
        api.MapPost("/faults/next", ForceNext);
        api.MapGet("/auth", GetAuth);
        api.MapPut("/auth", PutAuth);
        api.MapGet("/limits", GetLimits);
        api.MapPut("/limits", PutLimits);
        api.MapGet("/stats", GetStats);
        api.MapGet("/requests", GetRequests);
        api.MapPost("/reset", Reset);
        return app;
    }

    public static Ok<FaultState> GetFaults(FaultInjector faults) => TypedResults.Ok(FaultState.Of(faults));

    /// <summary>Replaces the whole profile (omitted fields take their defaults) and reseeds the draws.</summary>
    public static Results<Ok<FaultState>, ValidationProblem> PutFaults(FaultProfile profile, FaultInjector faults)
    {
        if (!TryValidate(profile, out var errors)) return TypedResults.ValidationProblem(errors);
        faults.SetProfile(profile);
        return TypedResults.Ok(FaultState.Of(faults));
    }

    /// <summary>
    /// Queues faults for the next requests, ahead of the random draws: <c>{"fault":"http500","count":3}</c> or
    /// <c>{"sequence":["http500","none"]}</c>; with <c>"match":"text"</c> only requests containing that text take them.
    /// </summary>
    public static Results<Ok<FaultState>, ValidationProblem> ForceNext(ForcedFaultsRequest request, FaultInjector faults)
    {
        if (!TryValidate(request, out var errors)) return TypedResults.ValidationProblem(errors);
        faults.Enqueue(request.Expand());
        return TypedResults.Ok(FaultState.Of(faults));
    }

    public static Ok<AuthState> GetAuth(ApiKeys keys) => TypedResults.Ok(new AuthState([.. keys.Accepted]));

    /// <summary>Replaces the accepted keys: <c>{"apiKeys":["k1"]}</c> revokes every other key, <c>{"apiKeys":[]}</c> accepts any.</summary>
    public static Results<Ok<AuthState>, ValidationProblem> PutAuth(AuthState state, ApiKeys keys)
    {
        if (!TryValidate(state, out var errors)) return TypedResults.ValidationProblem(errors);
        keys.Set(state.ApiKeys);
        return TypedResults.Ok(new AuthState([.. keys.Accepted]));
    }

    public static Ok<LimitsState> GetLimits(RateLimiter limiter) => TypedResults.Ok(LimitsState.Of(limiter));

    /// <summary>Replaces both limits (an omitted one is 0, unlimited); the buckets start full.</summary>
    public static Results<Ok<LimitsState>, ValidationProblem> PutLimits(RateLimitOptions limits, RateLimiter limiter)
    {
        if (!TryValidate(limits, out var errors)) return TypedResults.ValidationProblem(errors);
        limiter.Set(limits);
        return TypedResults.Ok(LimitsState.Of(limiter));
    }

    public static Ok<StatsSnapshot> GetStats(SimulatorStats stats) => TypedResults.Ok(stats.Snapshot());

    /// <summary>Every chat request since start or the last reset (the newest <see cref="CallLedger.Capacity"/>), oldest first.</summary>
    public static Ok<RequestsState> GetRequests(CallLedger ledger) => TypedResults.Ok(new RequestsState(ledger.Snapshot()));

    /// <summary>
    /// Clears the counts, the request ledger, the forced queues, the batch jobs and the files, and restores the profile, the
    /// keys, the limits and the batch settings from configuration.
    /// </summary>
    public static NoContent Reset(FaultInjector faults, SimulatorStats stats, CallLedger ledger, ApiKeys keys, RateLimiter limiter, PromptCache promptCache,
        BatchStore batches, FileStore files)
    {
        batches.Reset();
        files.Reset();
        promptCache.Reset();
        faults.Reset();
        stats.Reset();
        ledger.Reset();
        keys.Reset();
        limiter.Reset();
        return TypedResults.NoContent();
    }

    internal static bool TryValidate(object value, out Dictionary<string, string[]> errors)
    {
        var results = new List<ValidationResult>();
        var valid = Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
        errors = results
            .SelectMany(r => (r.MemberNames.Any() ? r.MemberNames : [""]).Select(m => (Member: m, r.ErrorMessage)))
            .GroupBy(e => e.Member, e => e.ErrorMessage ?? "Invalid value.")
            .ToDictionary(g => g.Key, g => g.ToArray());
        return valid;
    }
}
