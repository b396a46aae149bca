using System.ComponentModel.DataAnnotations;

namespace Aimo.Worker.Options;

/// <summary>Queue consumption settings, bound from <c>Aimo:Worker</c>.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Aimo:Worker";

    /// <summary>Batches in flight at once in this process.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;

    /// <summary>How long a partial batch waits for more entries before it goes out anyway.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Entries read per XREADGROUP.</summary>
    [Range(1, 1000)]
    public int ReadCount { get; set; } = 100;

    /// <summary>
    /// Idle time after which a pending entry of any consumer is reclaimed (XAUTOCLAIM). Must exceed the slowest
    /// possible batch: several LLM calls, each up to the total request timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReclaimIdle { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A consumer whose heartbeat is older than this is dead; its pending entries are claimed at once.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>An entry delivered more often than this goes to needs_review (poison).</summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>A signature classified within this window, with unchanged content, is answered from Postgres.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan ReuseWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the operator settings (budget) are reloaded besides the pub/sub notification.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SettingsRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Idle wait between polls when every stream is empty (blocking reads are not used with a shared multiplexer).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
