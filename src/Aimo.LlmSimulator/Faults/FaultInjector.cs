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
    // A list, not a queue: a forced fault with a match string waits for the first request it matches.
    private readonly List<ForcedFault> _forced = [];
    private FaultProfile _profile = configured.Value;
    private Random _random = new(configured.Value.Seed);

    public FaultProfile Profile
    {
        get { lock (_gate) return _profile; }
    }

    public IReadOnlyList<ForcedFault> ForcedQueue
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

    public void Enqueue(IEnumerable<ForcedFault> faults)
    {
        lock (_gate)
        {
            _forced.AddRange(faults);
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

    /// <param name="requestText">The request's message text, matched against forced faults' <see cref="ForcedFault.Match"/>.</param>
    public FaultDecision Next(string requestText)
    {
        lock (_gate)
        {
            var index = _forced.FindIndex(f => f.Match is null || requestText.Contains(f.Match, StringComparison.Ordinal));
            var forced = index >= 0;
            FaultKind kind;
            if (forced)
            {
                kind = _forced[index].Kind;
                _forced.RemoveAt(index);
            }
            else
            {
                kind = Draw();
            }
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
