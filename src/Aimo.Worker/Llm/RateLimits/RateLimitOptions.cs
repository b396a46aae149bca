using System.ComponentModel.DataAnnotations;
using Aimo.Data.Llm;

namespace Aimo.Worker.Llm.RateLimits;

/// <summary>
/// How the workers keep to the provider's rate limits, bound from <c>Aimo:Llm:RateLimits</c>. The limits themselves come
/// from the provider's <c>x-ratelimit-*</c> headers; the static ones here are for providers that send none (or to
/// stay under the provider's, for a key shared with others): the smaller known limit applies.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Aimo:Llm:RateLimits";

    /// <summary>Requests per minute when the provider announces none; 0 = none.</summary>
    [Range(0, int.MaxValue)]
    public int RequestsPerMinute { get; set; }

    /// <summary>Tokens per minute (prompt + output limit of each request, as OpenAI counts them) when the provider announces none; 0 = none.</summary>
    [Range(0, int.MaxValue)]
    public int TokensPerMinute { get; set; }

    /// <summary>
    /// Refill time kept spare in each bucket: a call admitted at the edge of the limit that leaves up to this late (a
    /// busy machine, a slow connection) still finds its units at the provider. Costs no throughput, only this much delay
    /// when the limit binds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan Reserve { get; set; } = TimeSpan.FromSeconds(1);

    public StaticRateLimits Static => new(RequestsPerMinute, TokensPerMinute);
}
