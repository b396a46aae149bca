using System.ComponentModel.DataAnnotations;
using Aimo.LlmSimulator.Batches;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aimo.LlmSimulator.Apis;

/// <summary>The settings and faults of batch jobs, beside the chat faults: <c>/sim/batches</c>. <c>/sim/reset</c> clears jobs and files.</summary>
public static class BatchSimulatorApi
{
    public static IEndpointRouteBuilder MapBatchSimulatorApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sim/batches").WithTags("Simulator");
        api.MapGet("", GetBatchSettings);
        api.MapPut("", PutBatchSettings);
        api.MapPost("/next", ForceNextBatches);
        return app;
    }

    public static Ok<BatchSimState> GetBatchSettings(BatchStore batches) => TypedResults.Ok(BatchSimState.Of(batches));

    /// <summary>Replaces the settings (omitted fields take their defaults); jobs already created keep their pace.</summary>
    public static Results<Ok<BatchSimState>, ValidationProblem> PutBatchSettings(BatchOptions options, BatchStore batches)
    {
        if (!SimulatorApi.TryValidate(options, out var errors)) return TypedResults.ValidationProblem(errors);
        batches.SetOptions(options);
        return TypedResults.Ok(BatchSimState.Of(batches));
    }

    /// <summary>Queues outcomes for the next jobs created: <c>{"faults":[{"outcome":"expired","answered":2},{"outcome":"failed"}]}</c>.</summary>
    public static Results<Ok<BatchSimState>, ValidationProblem> ForceNextBatches(ForcedBatchFaults request, BatchStore batches)
    {
        if (!SimulatorApi.TryValidate(request, out var errors)) return TypedResults.ValidationProblem(errors);
        foreach (var fault in request.Faults)
        {
            if (!SimulatorApi.TryValidate(fault, out errors)) return TypedResults.ValidationProblem(errors);
        }
        batches.Enqueue(request.Faults);
        return TypedResults.Ok(BatchSimState.Of(batches));
    }
}

public sealed record ForcedBatchFaults([property: Required, MinLength(1), MaxLength(1000)] IReadOnlyList<BatchFault> Faults);

/// <summary>The batch settings in force and the outcomes queued for the next jobs.</summary>
public sealed record BatchSimState(BatchOptions Settings, IReadOnlyList<BatchFault> Forced)
{
    public static BatchSimState Of(BatchStore batches) => new(batches.Options, batches.Forced);
}
