using System.ComponentModel.DataAnnotations;
using Aimo.LlmSimulator.Faults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aimo.LlmSimulator.Apis;

/// <summary>Run-time control of the simulator: the fault profile, forced faults, stats and reset.</summary>
public static class SimulatorApi
{
    public static IEndpointRouteBuilder MapSimulatorApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sim").WithTags("Simulator");
        api.MapGet("/faults", GetFaults);
        api.MapPut("/faults", PutFaults);
        api.MapPost("/faults/next", ForceNext);
        api.MapGet("/stats", GetStats);
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

    public static Ok<StatsSnapshot> GetStats(SimulatorStats stats) => TypedResults.Ok(stats.Snapshot());

    /// <summary>Clears the counts and the forced queue and restores the profile from configuration.</summary>
    public static NoContent Reset(FaultInjector faults, SimulatorStats stats)
    {
        faults.Reset();
        stats.Reset();
        return TypedResults.NoContent();
    }

    private static bool TryValidate(object value, out Dictionary<string, string[]> errors)
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

/// <summary>The profile in force and the faults still queued.</summary>
public sealed record FaultState(FaultProfile Profile, IReadOnlyList<ForcedFault> Forced)
{
    public static FaultState Of(FaultInjector faults) => new(faults.Profile, faults.ForcedQueue);
}

/// <summary>Either <see cref="Fault"/> × <see cref="Count"/>, or an explicit <see cref="Sequence"/>.</summary>
public sealed class ForcedFaultsRequest : IValidatableObject
{
    public FaultKind? Fault { get; init; }

    [Range(1, 1000)] public int Count { get; init; } = 1;

    [MaxLength(1000)] public IReadOnlyList<FaultKind>? Sequence { get; init; }

    /// <summary>When set, only requests whose messages contain this text take these faults.</summary>
    [MinLength(1)] public string? Match { get; init; }

    public IEnumerable<ForcedFault> Expand() =>
        (Sequence ?? Enumerable.Repeat(Fault!.Value, Count)).Select(kind => new ForcedFault(kind, Match));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((Fault is null) == (Sequence is null))
            yield return new ValidationResult("Give either 'fault' (with an optional 'count') or 'sequence'.", [nameof(Fault)]);
    }
}
