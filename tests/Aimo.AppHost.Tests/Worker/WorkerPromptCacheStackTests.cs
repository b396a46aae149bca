using System.Text.Json;
using Aimo.Core.Pricing;
using Aimo.Core.Signatures;
using Aimo.Data.Entities;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>
/// Prompt caching end to end, with llm-sim caching as OpenAI does: <c>gpt-4.1-mini</c> configured with the few-shot
/// layout, whose static prefix passes 1,024 tokens; once a call has sent it,
/// later calls read it from the cache, and every batch is settled at the cached rate for those tokens — the same bill
/// the provider (llm-sim) writes.
/// </summary>
public sealed class WorkerPromptCacheStackTests() : DedicatedStackTests("--Aimo:SimulatorModel=gpt-4.1-mini",
    "--Services:worker:Aimo:Llm:Models:gpt-4.1-mini:PromptLayout=FewShot")
{
    [Fact]
    public async Task Cached_prompt_tokens_are_read_from_later_calls_and_settled_at_the_cached_rate()
    {
        // Waves one after another: the first call primes the cache, the later ones find it.
        for (var wave = 0; wave < 3; wave++)
        {
            var ids = await H.EnqueueAsync(Tier.A, 20);
            await H.WaitForStatusAsync(ids, SignatureStatuses.Classified, TimeSpan.FromSeconds(60));
        }

        var rows = await H.Db.RowsAsync("SELECT input_tokens, cached_input_tokens, output_tokens, cost_usd_actual FROM batches ORDER BY started_at");
        Assert.True(rows.Count >= 3, $"{rows.Count} batches");
        var cached = rows.Select(r => Convert.ToInt64(r[1])).ToList();
        // Only the first wave's batches (one, or two sent at once) can find the cache cold.
        var described = $"cached input tokens per batch: {string.Join(", ", cached)}";
        Assert.True(cached.Count(c => c >= 1024) >= rows.Count - 2 && cached[^1] >= 1024, described);
        Assert.All(cached, c => Assert.Equal(0, c % 128));

        Assert.True(new PriceTable(new PricingOptions()).TryGetPrice("gpt-4.1-mini", out var price));
        foreach (var row in rows)
        {
            var (input, hit, output) = (Convert.ToInt64(row[0]), Convert.ToInt64(row[1]), Convert.ToInt64(row[2]));
            // Each call's settlement is rounded up to the micro-dollar (a batch is one call unless it was split).
            Assert.InRange(Convert.ToDecimal(row[3]) - price.Cost(input, hit, output), 0m, 0.000002m);
        }

        var billed = JsonDocument.Parse(await H.Sim.GetStringAsync("/sim/stats")).RootElement.GetProperty("billed");
        Assert.Equal(cached.Sum(), billed.GetProperty("cachedPromptTokens").GetInt64());
        Assert.InRange(rows.Sum(r => Convert.ToDecimal(r[3])) - billed.GetProperty("usd").GetDecimal(), 0m, rows.Count * 0.000002m);
    }
}
