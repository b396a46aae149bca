using Aimo.Worker.Options;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Llm.RateLimits;

/// <summary>
/// How many batches this worker keeps in flight, adapted AIMD-style so operators need not tune it per provider. It
/// starts at <see cref="WorkerOptions.Concurrency"/> and grows by one slot per round of answered calls (one call per
/// slot) while all slots are busy, calls are admitted without waiting for rate capacity, and latency stays near the
/// lowest seen; it halves on a 429, at most once per round trip, and never leaves 1..<see cref="WorkerOptions.MaxConcurrency"/>.
/// Growth stops by itself at the rate limit (calls start to wait), so it settles where the limit, not a guess, binds.
/// </summary>
public sealed class AdaptiveConcurrency
{
    /// <summary>Latency this far above the lowest seen means the provider is slowing down: no growth.</summary>
    public const double SteadyLatencyFactor = 1.5;

    private const double Smoothing = 0.2;
    // The lowest latency drifts up 1 % per answer, so a lasting change (longer prompts) becomes the new normal.
    private const double BaselineDrift = 1.01;

    private readonly Lock _gate = new();
    private readonly int _max;
    private readonly TimeProvider _time;
    private TaskCompletionSource? _changed;
    private double _credit;
    private double _latencyMs;
    private double _baselineMs = double.MaxValue;
    private bool _waiting;
    private long _lastDecrease = long.MinValue;

    public AdaptiveConcurrency(IOptions<WorkerOptions> options, TimeProvider time)
    {
        Limit = options.Value.Concurrency;
        _max = Math.Max(options.Value.Concurrency, options.Value.MaxConcurrency);
        _time = time;
    }

    public int Limit { get; private set; }

    public int InFlight { get; private set; }

    /// <summary>Takes a slot, waiting while all are in use.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (InFlight < Limit)
                {
                    InFlight++;
                    return;
                }
                _changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken);
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            InFlight--;
            Wake();
        }
    }

    /// <summary>A call was admitted after <paramref name="wait"/> for rate capacity: any wait means the limit binds now.</summary>
    public void RecordAdmission(TimeSpan wait)
    {
        lock (_gate)
        {
            _waiting = wait > TimeSpan.Zero;
        }
    }

    /// <summary>An attempt was answered (not 429) after <paramref name="latency"/>.</summary>
    public void RecordAnswer(TimeSpan latency)
    {
        lock (_gate)
        {
            var ms = Math.Max(1, latency.TotalMilliseconds);
            _latencyMs = _latencyMs == 0 ? ms : ((1 - Smoothing) * _latencyMs) + (Smoothing * ms);
            _baselineMs = Math.Min(_baselineMs * BaselineDrift, _latencyMs);
            var saturated = InFlight >= Limit;
            var steady = _latencyMs <= SteadyLatencyFactor * _baselineMs;
            if (!saturated || _waiting || !steady || Limit >= _max)
            {
                return;
            }
            _credit += 1.0 / Limit;
            // A round is Limit answers; the tolerance keeps 1/7 added seven times from falling short of one.
            if (_credit >= 1 - 1e-9)
            {
                _credit = 0;
                Limit++;
                Wake();
            }
        }
    }

    /// <summary>The provider answered 429: halve, once per round trip (the calls already in flight got theirs before it).</summary>
    public void RecordRateLimited()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var roundTrip = TimeSpan.FromMilliseconds(Math.Max(1000, _latencyMs));
            if (_lastDecrease != long.MinValue && _time.GetElapsedTime(_lastDecrease, now) < roundTrip)
            {
                return;
            }
            _lastDecrease = now;
            _credit = 0;
            Limit = Math.Max(1, Limit / 2);
        }
    }

    private void Wake()
    {
        _changed?.TrySetResult();
        _changed = null;
    }
}
