namespace Aimo.Worker.Llm;

/// <summary>The provider's health shared by every replica (see <see cref="ProviderHealth"/>), as the pipeline uses it.</summary>
public interface IProviderHealth
{
    /// <summary>Whether reading is paused now.</summary>
    Task<bool> IsPausedAsync();

    /// <summary>While paused: true for the one worker that may send the next probe batch.</summary>
    Task<bool> TryStartProbeAsync();

    /// <summary>A granted probe found no work: the next one may go after the current backoff.</summary>
    Task ReleaseProbeAsync();

    Task RecordSuccessAsync();

    /// <summary>Records a batch that failed all its attempts (or a configuration error). Returns whether reading is paused now.</summary>
    Task<bool> RecordFailureAsync(LlmFailure failure, bool probe);
}
