using System.Globalization;
using StackExchange.Redis;

namespace Aimo.Data.Llm;

/// <summary>
/// Output tokens per signature of a model's answered calls, shared by every replica through Redis (the newest
/// <see cref="Capacity"/>), and how many calls were cut off at their cap. The worker learns its output cap from them.
/// </summary>
public sealed class OutputSamples(IConnectionMultiplexer redis)
{
    public const int Capacity = 1_000;
    private const string CallsField = "calls";
    private const string CapHitsField = "cap_hits";

    public static string Key(string model) => $"aimo:output:{model}:per_signature";

    public static string CountsKey(string model) => $"aimo:output:{model}:counts";

    /// <summary>Adds one answered call: its output per signature, and whether it stopped at its cap.</summary>
    public Task RecordAsync(string model, double perSignature, bool capHit)
    {
        var batch = redis.GetDatabase().CreateBatch();
        var tasks = new List<Task>
        {
            batch.ListLeftPushAsync(Key(model), perSignature.ToString("R", CultureInfo.InvariantCulture)),
            batch.ListTrimAsync(Key(model), 0, Capacity - 1),
            batch.HashIncrementAsync(CountsKey(model), CallsField),
        };
        if (capHit) tasks.Add(batch.HashIncrementAsync(CountsKey(model), CapHitsField));
        batch.Execute();
        return Task.WhenAll(tasks);
    }

    public async Task<IReadOnlyList<double>> ReadAsync(string model) =>
        [.. (await redis.GetDatabase().ListRangeAsync(Key(model))).Select(v => double.Parse((string)v!, CultureInfo.InvariantCulture))];

    /// <summary>Answered calls and those cut off at their cap, since the counts began.</summary>
    public async Task<(long Calls, long CapHits)> CountsAsync(string model)
    {
        var values = await redis.GetDatabase().HashGetAsync(CountsKey(model), [CallsField, CapHitsField]);
        return ((long?)values[0] ?? 0, (long?)values[1] ?? 0);
    }
}
