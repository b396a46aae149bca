using Aimo.Data;
using System.Runtime.CompilerServices;
using Aimo.Core.Tokens;
using Aimo.Data.Llm;
using Aimo.Worker.Options;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Llm;

/// <summary>The output cap calls ask for, learned from the model's answers (see <see cref="OutputCapPolicy"/>).</summary>
public interface IOutputCap
{
    /// <summary>Learned output tokens per signature; null while too few answers are known (the design's room applies).</summary>
    double? PerSignature { get; }

    /// <summary>Refreshes <see cref="PerSignature"/> from the replicas' shared samples: while none is learned, or when older than the refresh interval.</summary>
    Task RefreshIfStaleAsync();

    /// <summary>Adds an answered call; never throws (a lost sample only delays learning).</summary>
    Task RecordAsync(int signatures, long outputTokens, bool capHit);
}

/// <summary>
/// The learned cap of this worker's model, shared by every replica through <see cref="OutputSamples"/> in Redis and read
/// again every <see cref="RefreshInterval"/>. With <c>Aimo:Worker:LearnOutputCap</c> false every call keeps the design's
/// room; so does a reasoning model: its output counts reasoning that varies with the question, not with the number of
/// signatures.
/// </summary>
public sealed partial class OutputCap(OutputSamples samples, ModelRequest request, IOptions<WorkerOptions> options, TimeProvider time,
    ILogger<OutputCap> logger) : IOutputCap
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private DateTimeOffset _refreshedAt = DateTimeOffset.MinValue;
    // A reference, so replicas' calls on other threads read a whole value (a double? is not read atomically).
    private volatile StrongBox<double>? _learned;

    // A reasoning model's answers are not sampled at all; with the switch off they are sampled and counted (cap hits of
    // the design's room are worth knowing) but never become a cap.
    private bool Sampled => request.Settings.ReasoningTokens == 0;

    private bool Learns => Sampled && options.Value.LearnOutputCap;

    public double? PerSignature => Learns ? _learned?.Value : null;

    public async Task RefreshIfStaleAsync()
    {
        // Until a cap is learned the shared list is short (fewer than the samples needed): read it on every call, so a
        // new replica or model learns as soon as enough answers exist anywhere.
        if (!Learns || (_learned is not null && time.GetUtcNow() - _refreshedAt < RefreshInterval)) return;
        _refreshedAt = time.GetUtcNow();
        try
        {
            _learned = OutputCapPolicy.Learn([.. await samples.ReadAsync(request.Model)]) is { } learned ? new StrongBox<double>(learned) : null;
        }
        catch (Exception ex) when (RedisFailure.Is(ex))
        {
            LogUnavailable(logger, ex);
        }
    }

    public async Task RecordAsync(int signatures, long outputTokens, bool capHit)
    {
        if (!Sampled || signatures <= 0) return;
        try
        {
            await samples.RecordAsync(request.Model, (double)outputTokens / signatures, capHit);
        }
        catch (Exception ex) when (RedisFailure.Is(ex))
        {
            LogUnavailable(logger, ex);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The output-cap samples in Redis are unavailable; the last learned cap stays")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
