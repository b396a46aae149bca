using Aimo.Worker.Llm;

namespace Aimo.Worker.Tests;

/// <summary>
/// The provider's health in memory: pauses after <paramref name="outageThreshold"/> failed batches in a row, as the
/// shared Redis hash does, and records what it was told.
/// </summary>
internal sealed class FakeProviderHealth(int outageThreshold = int.MaxValue) : IProviderHealth
{
    private int _failures;

    public bool Paused { get; set; }
    public int Successes { get; private set; }
    public List<LlmFailure> Failures { get; } = [];

    public Task<bool> IsPausedAsync() => Task.FromResult(Paused);

    public Task<bool> TryStartProbeAsync() => Task.FromResult(Paused);

    public Task ReleaseProbeAsync() => Task.CompletedTask;

    public Task RecordSuccessAsync()
    {
        Successes++;
        _failures = 0;
        Paused = false;
        return Task.CompletedTask;
    }

    public Task<bool> RecordFailureAsync(LlmFailure failure, bool probe)
    {
        Failures.Add(failure);
        if (failure.Kind == LlmFailureKind.Configuration || ++_failures >= outageThreshold)
        {
            Paused = true;
        }
        return Task.FromResult(Paused);
    }
}
