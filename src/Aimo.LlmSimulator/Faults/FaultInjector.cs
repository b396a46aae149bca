using Microsoft.Extensions.Options;

namespace Aimo.LlmSimulator.Faults;

/// <summary>
/// Decides each chat request's fault: first from the forced queue, else by a draw against the current
/// profile. One lock guards the profile, the seeded <see cref="Random"/> and the queue, so concurrent
/// requests see a consistent state and a given seed yields the same sequence of draws.
/// </summary>
public sealed class FaultInjector(IOptions<FaultProfile> configured)
{
    private readonly Lock _gate = new();
    private readonly Queue<FaultKind> _forced = new();
    private FaultProfile _profile = configured.Value;
    private Random _random = new(configured.Value.Seed);

    public FaultProfile Profile
    {
        get { lock (_gate) return _profile; }
    }

    public IReadOnlyList<FaultKind> ForcedQueue
    {
        get { lock (_gate) return [.. _forced]; }
    }

    /// <summary>Replaces the profile and reseeds, so the draws after a PUT are reproducible.</summary>
    public void SetProfile(FaultProfile profile)
    {
        lock (_gate)
        {
            _profile = profile;
            _random = new Random(profile.Seed);
        }
    }

    public void Enqueue(IEnumerable<FaultKind> faults)
    {
        lock (_gate)
        {
            foreach (var fault in faults) _forced.Enqueue(fault);
        }
    }

    /// <summary>Back to the configured profile with an empty queue.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _forced.Clear();
            _profile = configured.Value;
            _random = new Random(_profile.Seed);
        }
    }

    public FaultDecision Next()
    {
        lock (_gate)
        {
            var forced = _forced.TryDequeue(out var kind);
            if (!forced) kind = Draw();
            return new FaultDecision(kind, DrawLatency(), _profile, forced);
        }
    }

    private FaultKind Draw()
    {
        var roll = _random.NextDouble();
        var cumulative = 0.0;
        foreach (var (kind, probability) in _profile.Probabilities())
        {
            cumulative += probability;
            if (probability > 0 && roll < cumulative) return kind;
        }
        return FaultKind.None;
    }

    private TimeSpan DrawLatency()
    {
        var min = _profile.LatencyMs;
        var max = _profile.LatencyMaxMs ?? min;
        return TimeSpan.FromMilliseconds(max > min ? _random.Next(min, max + 1) : min);
    }
}
