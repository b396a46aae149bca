namespace Aimo.LlmSimulator.Limits;

/// <summary>
/// The limiter's answer for one request. <see cref="Requests"/> and <see cref="Tokens"/> are null when that
/// limit is off. A refusal has a <see cref="RefusedBy"/>, a wait (null when waiting cannot help: a request larger
/// than the whole token limit), and the numbers the real 429 message quotes.
/// </summary>
public sealed record Admission(
    LimitState? Requests,
    LimitState? Tokens,
    LimitKind? RefusedBy = null,
    TimeSpan? RetryAfter = null,
    long Used = 0,
    long Requested = 0)
{
    public bool Admitted => RefusedBy is null;

    public static Admission Unlimited { get; } = new(null, null);
}
