namespace Aimo.LlmSimulator.Batches;

/// <summary>Everything a job is created with: the request, its input file read and checked, and the simulator's settings then.</summary>
/// <param name="Errors">The input file's problems: the job fails with them once it has validated.</param>
/// <param name="Period">How long each state lasts (<see cref="BatchOptions.SecondsPerState"/>).</param>
public sealed record BatchPlan(
    string InputFileId,
    string Endpoint,
    string CompletionWindow,
    IReadOnlyDictionary<string, string>? Metadata,
    IReadOnlyList<BatchLine> Lines,
    IReadOnlyList<BatchError> Errors,
    string? Model,
    string? ApiKey,
    TimeSpan Period,
    double LineErrorRate,
    BatchFault? Fault)
{
    /// <summary>Lines answered before an <c>expired</c> job runs out of time: as forced, or half the job.</summary>
    public int AnsweredBeforeExpiry => Math.Min(Fault?.Answered ?? Lines.Count / 2, Lines.Count);

    /// <summary>Spreads <see cref="LineErrorRate"/> evenly: with 0.25 every 4th line fails, with no randomness to reseed.</summary>
    public bool InjectsError(int index) => Math.Floor((index + 1) * LineErrorRate) > Math.Floor(index * LineErrorRate);
}
