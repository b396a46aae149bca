using System.ComponentModel.DataAnnotations;

namespace Aimo.Worker.Options;

/// <summary>Queue consumption settings, bound from <c>Aimo:Worker</c>.</summary>
public sealed class WorkerOptions : IValidatableObject
{
    public const string SectionName = "Aimo:Worker";

    /// <summary>Batches in flight at once in this process at start; it then adapts to the provider's limits (AIMD).</summary>
    [Range(1, 512)]
    public int Concurrency { get; set; } = 4;

    /// <summary>The most batches in flight the adaptive concurrency may reach in this process.</summary>
    [Range(1, 512)]
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>How long a partial batch waits for more entries before it goes out anyway.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Entries read per XREADGROUP.</summary>
    [Range(1, 1000)]
    public int ReadCount { get; set; } = 100;

    /// <summary>
    /// A worker whose heartbeat is older than this is dead: its entries are claimed once they have not been
    /// refreshed for this long, and its budget reservations are converted at their estimate. A live worker refreshes
    /// its heartbeat and every entry it holds four times per period.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Safety net: an entry nobody refreshed for this long is reclaimed whoever holds it. Entries in a batch, however
    /// slow, are refreshed while it runs, so this only catches entries a worker lost track of.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan ReclaimIdle { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An entry whose batches were started this often without finishing goes to needs_review (poison).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>A signature classified within this window, with unchanged content, is answered from Postgres.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan ReuseWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the operator settings (budget) are reloaded besides the pub/sub notification.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SettingsRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Idle wait between polls when every stream is empty (blocking reads are not used with a shared multiplexer).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// A budget reservation not settled within this is converted to spend at its estimate. Longer than any one call
    /// (the LLM client's total request timeout).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan ReservationLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>While tier C waits at the soft limit, the budget is asked again at most this often.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan DeferredRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Batches in a row that failed all their attempts before reading pauses (an outage).</summary>
    [Range(1, 100)]
    public int OutageThreshold { get; set; } = 3;

    /// <summary>While paused, the first probe batch goes out after this; each failed probe doubles it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxProbeInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long one probe batch may take before another worker may probe.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan ProbeRunTime { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>
    /// Calls ask for the output cap learned from the model's answers (see <c>OutputCapPolicy</c>); false: every call asks
    /// for the design's room (300 tokens per signature + 256), as before the cap was learned. Answers are still counted.
    /// </summary>
    public bool LearnOutputCap { get; set; } = true;

    /// <summary>How often this worker refreshes its heartbeat and the entries it holds.</summary>
    public TimeSpan KeepAliveInterval => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(500).Ticks, HeartbeatTimeout.Ticks / 4));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReclaimIdle <= HeartbeatTimeout)
        {
            yield return new ValidationResult($"{SectionName}:ReclaimIdle ({ReclaimIdle}) must be longer than HeartbeatTimeout ({HeartbeatTimeout}).",
                [nameof(ReclaimIdle)]);
        }
        if (MaxConcurrency < Concurrency)
        {
            yield return new ValidationResult($"{SectionName}:MaxConcurrency ({MaxConcurrency}) must be at least Concurrency ({Concurrency}).",
                [nameof(MaxConcurrency)]);
        }
        if (MaxProbeInterval < ProbeInterval)
        {
            yield return new ValidationResult($"{SectionName}:MaxProbeInterval must be at least ProbeInterval.", [nameof(MaxProbeInterval)]);
        }
    }
}
