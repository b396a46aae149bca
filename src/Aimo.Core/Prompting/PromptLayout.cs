using Aimo.Core.Pricing;

namespace Aimo.Core.Prompting;

/// <summary>What the static start of every call holds: the system prompt alone, or with worked examples.</summary>
public enum PromptLayout
{
    /// <summary>System prompt and schema only: below the 1,024 tokens providers start caching at, so never cached.</summary>
    Compact,

    /// <summary>With <see cref="PromptExamples"/>: past 1,024 tokens, so a steady stream of calls reads it from the cache.</summary>
    FewShot,
}

/// <summary>Which layout costs less for a model, from its input and cached-input prices.</summary>
public static class PromptLayouts
{
    /// <summary>
    /// The share of calls assumed to find the prefix cached. A steady stream (a call every few seconds, as a backlog or
    /// a regular feed makes) finds it nearly always; a trickle (under one call per 5 minutes) almost never — configure
    /// <see cref="PromptLayout.Compact"/> for such a deployment.
    /// </summary>
    public const decimal AssumedHitRatio = 0.8m;

    /// <summary>Providers cache from 1,024 prompt tokens, in 128-token steps.</summary>
    public const int CacheMinimumTokens = 1024;
    public const int CacheStep = 128;

    /// <summary>
    /// The layout whose static prefix (system prompt + schema, <paramref name="compactTokens"/> or
    /// <paramref name="fewShotTokens"/>) is cheaper per call at <see cref="AssumedHitRatio"/>: the few-shot prefix
    /// pays full price on a miss and the cached rate on a hit, the compact one (never cached) full price always.
    /// </summary>
    public static PromptLayout Cheaper(ModelPrice price, int compactTokens, int fewShotTokens)
    {
        ArgumentNullException.ThrowIfNull(price);
        return PrefixCost(price, fewShotTokens) < PrefixCost(price, compactTokens) ? PromptLayout.FewShot : PromptLayout.Compact;
    }

    /// <summary>Expected input cost (USD per 1M calls' worth of tokens, relative) of a static prefix of <paramref name="tokens"/>.</summary>
    public static decimal PrefixCost(ModelPrice price, int tokens)
    {
        ArgumentNullException.ThrowIfNull(price);
        var cachable = tokens < CacheMinimumTokens ? 0 : tokens / CacheStep * CacheStep;
        var cachedRate = price.CachedInputPerMillion ?? price.InputPerMillion;
        var perCachable = (AssumedHitRatio * cachedRate) + ((1 - AssumedHitRatio) * price.InputPerMillion);
        return (cachable * perCachable) + ((tokens - cachable) * price.InputPerMillion);
    }
}
