using Aimo.Worker.Budget;
using System.Diagnostics.Metrics;
using System.Net;
using Aimo.Core.Tokens;
using Aimo.Worker.Classify;
using Aimo.Worker.Llm;
using Microsoft.Extensions.DependencyInjection;
using Polly.Timeout;

namespace Aimo.Worker.Tests;

/// <summary>
/// Every HTTP attempt of the one retry layer holds its own reservation and is settled at what it may cost: an error
/// answer at nothing (providers do not bill it), an attempt cut short after it was sent at its estimate, the answer at
/// its usage. (One reservation used to cover all three attempts, and only the last one's usage was settled.)
/// </summary>
public sealed class AttemptBudgetTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private static readonly TokenEstimate Estimate = new(1_000, 300);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    private HttpClient Client(Func<int, HttpResponseMessage> respond) =>
        new AttemptPipeline(redis, _services.GetRequiredService<IMeterFactory>()).Client(respond);

    /// <summary>One call as the classify step makes it: the first attempt reserved before, the answer settled after.</summary>
    private static async Task<(HttpStatusCode? Status, LlmCall Call)> CallAsync(HttpClient client, RecordingBudget budget)
    {
        var call = LlmCall.Begin(budget, await budget.ReserveAsync(Estimate, CancellationToken.None), Estimate);
        try
        {
            using var response = await client.PostAsync("v1/chat/completions", null);
            await call.SettleAsync(response.IsSuccessStatusCode ? AttemptBill.Usage(900, 200) : AttemptBill.Nothing);
            return (response.StatusCode, call);
        }
        catch (TimeoutRejectedException)
        {
            await call.SettleAsync(AttemptBill.Nothing);
            return (null, call);
        }
        finally
        {
            call.Dispose();
        }
    }

    [Fact]
    public async Task Two_server_errors_and_an_answer_are_three_reservations_settled_at_nothing_nothing_and_the_usage()
    {
        using var client = Client(attempt => new HttpResponseMessage(attempt < 3 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK));
        var budget = new RecordingBudget();

        var (status, call) = await CallAsync(client, budget);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, call.Attempts);
        Assert.Single(budget.Reserved);
        Assert.Equal(2, budget.RetriesReserved.Count);
        Assert.Equal([(0L, 0L, false), (0L, 0L, false), (900L, 200L, false)], budget.Settled.Select(s => (s.Input, s.Output, s.AtEstimate)));
        Assert.Equal(0, budget.Open);
    }

    [Fact]
    public async Task Attempts_whose_bodies_stalled_after_the_request_was_sent_are_each_settled_at_their_estimate()
    {
        using var client = Client(attempt => attempt < 3
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ResiliencePipelineTests.StallingStream()) }
            : new HttpResponseMessage(HttpStatusCode.OK));
        var budget = new RecordingBudget();

        var (status, call) = await CallAsync(client, budget);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(call.AnyIncomplete);
        Assert.Equal([true, true, false], budget.Settled.Select(s => s.AtEstimate));
        Assert.Equal(0, budget.Open);
    }

    [Fact]
    public async Task A_call_that_times_out_on_every_attempt_is_charged_three_estimates_and_leaves_no_lease_open()
    {
        using var client = Client(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ResiliencePipelineTests.StallingStream()) });
        var budget = new RecordingBudget();

        var (status, call) = await CallAsync(client, budget);

        Assert.Null(status);
        Assert.Equal(3, call.Attempts);
        Assert.Equal(3, budget.Settled.Count(s => s.AtEstimate));
        Assert.Equal(0, budget.Open);
    }

    [Fact]
    public async Task An_attempt_that_never_reached_the_provider_is_settled_at_nothing()
    {
        using var client = Client(attempt => attempt == 1
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "connection refused")
            : new HttpResponseMessage(HttpStatusCode.OK));
        var budget = new RecordingBudget();

        var (status, _) = await CallAsync(client, budget);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([false, false], budget.Settled.Select(s => s.AtEstimate));
        Assert.Equal((0L, 0L), (budget.Settled[0].Input, budget.Settled[0].Output));
    }
}
