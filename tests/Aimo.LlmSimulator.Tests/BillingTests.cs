using System.ClientModel;
using System.Net.Http.Json;
using System.Text.Json;
using Aimo.Core.Pricing;

namespace Aimo.LlmSimulator.Tests;

/// <summary>
/// <c>GET /sim/stats</c> → <c>billed</c> and <c>GET /sim/requests</c>: the simulator bills as a provider does — every
/// completion it produced, also one whose body stalled and whose client went away — and nothing for an error, a refusal
/// or a hang that never answered.
/// </summary>
public sealed class BillingTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Completions_are_billed_at_the_model_price_even_when_the_client_left_mid_body_errors_and_hangs_are_not()
    {
        var prompt = Prompts.Batch(("sig_1", "github.com", "/"), ("sig_2", "api.openai.com", "/v1/chat/completions"));
        var ok = await factory.CreateChatClient().GetResponseAsync(prompt, Prompts.JsonMode);
        await factory.ForceAsync("http500");
        await Assert.ThrowsAsync<ClientResultException>(() => factory.CreateChatClient().GetResponseAsync(prompt, Prompts.JsonMode));
        await factory.ForceAsync("hang");
        using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => factory.CreateChatClient().GetResponseAsync(prompt, Prompts.JsonMode, giveUp.Token));
        }
        await factory.ForceAsync("stall_body");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            factory.CreateChatClient(networkTimeout: TimeSpan.FromMilliseconds(500)).GetResponseAsync(prompt, Prompts.JsonMode));
        using (var http = factory.CreateOpenAiHttpClient())
        {
            Assert.Equal(404, (int)(await http.PostChatAsync(Wire.Request(model: "no-such-model"))).StatusCode);
        }

        var requests = await EndedRequestsAsync(5);
        Assert.Equal([200, 500, 0, 200, 404], requests.Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal([true, false, false, true, false], requests.Select(r => r.GetProperty("billed").GetBoolean()));
        Assert.Equal([false, false, true, true, false], requests.Select(r => r.GetProperty("clientGone").GetBoolean()));
        Assert.Equal([2, 2, 2, 2, 0], requests.Select(r => r.GetProperty("signatures").GetInt32()));
        var answered = requests[0];
        Assert.Equal(ok.Usage!.InputTokenCount, answered.GetProperty("promptTokens").GetInt64());
        Assert.Equal(ok.Usage.OutputTokenCount, answered.GetProperty("completionTokens").GetInt64());

        var billed = (await factory.StatsAsync()).GetProperty("billed");
        var (prompt2, completion2) = (2 * ok.Usage.InputTokenCount!.Value, 2 * ok.Usage.OutputTokenCount!.Value);
        Assert.Equal(2, billed.GetProperty("requests").GetInt64());
        Assert.Equal(prompt2, billed.GetProperty("promptTokens").GetInt64());
        Assert.Equal(completion2, billed.GetProperty("completionTokens").GetInt64());
        Assert.Equal(PriceTable.Default.Cost(PricingOptions.SimulatorModel, prompt2, completion2).Usd, billed.GetProperty("usd").GetDecimal());
        Assert.True(billed.GetProperty("usd").GetDecimal() > 0);
    }

    [Fact]
    public async Task Reset_clears_the_bill_and_the_request_ledger()
    {
        await factory.CreateChatClient().GetResponseAsync(Prompts.Batch(("s", "x.com", "/")), Prompts.JsonMode);
        await factory.ResetAsync();

        Assert.Equal(0, (await factory.StatsAsync()).GetProperty("billed").GetProperty("requests").GetInt64());
        Assert.Empty(await EndedRequestsAsync(0));
    }

    /// <summary>The ledger once <paramref name="count"/> requests have ended (a client's abort reaches the server a moment later).</summary>
    private async Task<List<JsonElement>> EndedRequestsAsync(int count)
    {
        using var http = factory.CreateClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var list = (await http.GetFromJsonAsync<JsonElement>("/sim/requests")).GetProperty("requests").EnumerateArray().ToList();
            var running = list.Count(r => r.GetProperty("endedAt").ValueKind != JsonValueKind.String);
            if (list.Count == count && running == 0)
            {
                return list;
            }
            Assert.False(timeout.IsCancellationRequested, $"{list.Count} requests in the ledger ({running} still running), expected {count} ended");
            await Task.Delay(50);
        }
    }
}
