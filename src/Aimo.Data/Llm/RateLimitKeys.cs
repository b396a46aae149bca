namespace Aimo.Data.Llm;

/// <summary>
/// The shared rate limits' Redis layout: one hash per provider account and model with a request bucket and a token
/// bucket that refill continuously over a minute, as OpenAI's do. Changed only by <see cref="RateLimitLedger"/>'s scripts.
/// </summary>
public static class RateLimitKeys
{
    /// <summary>
    /// The buckets of one provider and model. Fields: the limits the provider announced (<see cref="HeaderLimitField"/>)
    /// and configured (<see cref="ConfiguredLimitField"/>), each bucket's level (<see cref="LevelField"/>, may go negative
    /// while calls wait their turn), the time of the last refill (<see cref="AtField"/>, Redis ms) and the running total
    /// charged (<see cref="ChargedField"/>).
    /// </summary>
    public static string Buckets(string provider, string model) => $"aimo:ratelimit:{provider}|{model}";

    /// <summary>Prefix of the bucket fields: <c>r</c> for requests, <c>t</c> for tokens (e.g. <c>r_level</c>).</summary>
    public const string RequestsPrefix = "r";
    public const string TokensPrefix = "t";

    /// <summary>Per bucket (after its prefix and '_'): the limit per minute the provider's headers announced.</summary>
    public const string HeaderLimitField = "header_limit";
    /// <summary>Per bucket, while no limit is announced: the most a <c>remaining</c> header showed left plus its call (a lower bound of the limit).</summary>
    public const string SeenLimitField = "seen_limit";
    /// <summary>Per bucket: the limit per minute the workers' configuration sets (0 = none).</summary>
    public const string ConfiguredLimitField = "config_limit";
    /// <summary>Per bucket: units left; absent while the limit is unknown.</summary>
    public const string LevelField = "level";
    /// <summary>Per bucket: units charged since the key was created (a call's mark is this total after its charge).</summary>
    public const string ChargedField = "charged";
    /// <summary>When the buckets were last refilled (Redis time, ms).</summary>
    public const string AtField = "at";
}
