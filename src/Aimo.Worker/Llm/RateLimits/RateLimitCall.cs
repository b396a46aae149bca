using Aimo.Data.Llm;

namespace Aimo.Worker.Llm.RateLimits;

/// <summary>
/// One admitted LLM call, as the HTTP pipeline sees it (an AsyncLocal that <see cref="RateLimitedChatClient"/> sets and
/// <see cref="RateLimitHandler"/>, inside the retry layer, reads): what the call was charged, its latest marks, and
/// whether the provider counted its last attempt — a 429 is not counted, so the retry after it is already paid for.
/// </summary>
public sealed class RateLimitCall : IDisposable
{
    private static readonly AsyncLocal<RateLimitCall?> CurrentCall = new();
    private readonly RateLimitCall? _previous;

    private RateLimitCall(long tokens, RateLimitCharge? mark)
    {
        Tokens = tokens;
        Mark = mark;
        _previous = CurrentCall.Value;
        CurrentCall.Value = this;
    }

    public static RateLimitCall? Current => CurrentCall.Value;

    public long Tokens { get; }

    /// <summary>The latest charge's marks; null when the shared buckets could not be reached for it.</summary>
    public RateLimitCharge? Mark { get; internal set; }

    public int Attempts { get; internal set; }

    /// <summary>The provider counted the last attempt (it answered other than 429, or never answered), so another one is charged again.</summary>
    public bool LastAttemptCounted { get; internal set; }

    public static RateLimitCall Begin(long tokens, RateLimitCharge? mark) => new(tokens, mark);

    public void Dispose() => CurrentCall.Value = _previous;
}
