using Aimo.Worker.Options;
using System.Diagnostics.Metrics;
using System.Net;
using Aimo.Worker.Llm;
using Microsoft.Extensions.DependencyInjection;
using Polly.Timeout;

namespace Aimo.Worker.Tests;

/// <summary>
/// The LLM client's one retry layer, built exactly as the worker builds it, over a scripted transport: every logical
/// call gets the seed's 3 attempts however long failures last (no breaker), and an attempt is bounded body included.
/// </summary>
public sealed class ResiliencePipelineTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    private HttpClient Client(Func<HttpRequestMessage, HttpResponseMessage> respond, LlmResilienceOptions? policy = null) =>
        new AttemptPipeline(redis, _services.GetRequiredService<IMeterFactory>()).Client(_ => respond(null!), policy);

    [Fact]
    public async Task A_sustained_outage_never_cuts_a_call_short_of_its_three_attempts()
    {
        // Each attempt is answered at once; a 300 ms attempt timeout (the fast policy's, for stalls) only adds a race with a
        // busy machine's Redis round trip, which once made an attempt time out instead of answering 500.
        var generous = new LlmResilienceOptions
        {
            BaseDelay = TimeSpan.Zero, MaxJitter = TimeSpan.Zero, AttemptTimeout = TimeSpan.FromSeconds(10), TotalRequestTimeout = TimeSpan.FromSeconds(60),
        };
        using var client = Client(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError), generous);
        for (var call = 0; call < 150; call++)
        {
            using var scope = LlmCall.Begin();
            using var response = await client.PostAsync("v1/chat/completions", null);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal(3, scope.Attempts);
        }
    }

    [Fact]
    public async Task A_body_that_stalls_after_the_headers_is_a_failed_attempt_and_the_call_ends()
    {
        using var client = Client(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream()) });
        using var scope = LlmCall.Begin();
        await Assert.ThrowsAsync<TimeoutRejectedException>(() => client.PostAsync("v1/chat/completions", null).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(3, scope.Attempts);
        Assert.True(scope.AnyIncomplete);
    }

    [Fact]
    public async Task An_exhausted_quota_is_not_retried()
    {
        using var client = Client(_ => new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            Content = new StringContent("""{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}"""),
        });
        using var scope = LlmCall.Begin();
        using var response = await client.PostAsync("v1/chat/completions", null);
        Assert.Equal(1, scope.Attempts);
    }

    [Fact]
    public async Task A_rate_limit_is_retried_and_can_succeed()
    {
        var calls = 0;
        using var client = Client(_ => ++calls < 3 ? new HttpResponseMessage(HttpStatusCode.TooManyRequests) : new HttpResponseMessage(HttpStatusCode.OK));
        using var scope = LlmCall.Begin();
        using var response = await client.PostAsync("v1/chat/completions", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, scope.Attempts);
    }

    /// <summary>Yields a first part of a body, then never another byte until the reader gives up.</summary>
    internal sealed class StallingStream : Stream
    {
        private bool _sent;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_sent)
            {
                _sent = true;
                "{\"id\":\"chatcmpl-1\","u8.CopyTo(buffer.Span);
                return 20;
            }
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
