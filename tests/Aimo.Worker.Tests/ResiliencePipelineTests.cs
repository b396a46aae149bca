using System.Net;
using Aimo.Worker.Llm;
using Aimo.Worker.Options;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Aimo.Worker.Tests;

/// <summary>
/// The LLM client's one retry layer, built exactly as the worker builds it, over a scripted transport: every logical
/// call gets the seed's 3 attempts however long failures last (no breaker), and an attempt is bounded body included.
/// </summary>
public sealed class ResiliencePipelineTests
{
    private static readonly LlmResilienceOptions Fast = new()
    {
        BaseDelay = TimeSpan.Zero, MaxJitter = TimeSpan.Zero, AttemptTimeout = TimeSpan.FromMilliseconds(300), TotalRequestTimeout = TimeSpan.FromSeconds(20),
    };

    private static HttpClient Client(Func<HttpRequestMessage, HttpResponseMessage> respond)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        LlmClientExtensions.ConfigureResilience(pipeline, Fast, TimeProvider.System);
        var counting = new AttemptCountingHandler { InnerHandler = new Scripted(respond) };
        return new HttpClient(new ResilienceHandler(pipeline.Build()) { InnerHandler = counting }) { BaseAddress = new Uri("http://llm.test/") };
    }

    [Fact]
    public async Task A_sustained_outage_never_cuts_a_call_short_of_its_three_attempts()
    {
        using var client = Client(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError));
        for (var call = 0; call < 150; call++)
        {
            using var scope = AttemptScope.Begin();
            using var response = await client.PostAsync("v1/chat/completions", null);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal(3, scope.Attempts);
        }
    }

    [Fact]
    public async Task A_body_that_stalls_after_the_headers_is_a_failed_attempt_and_the_call_ends()
    {
        using var client = Client(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream()) });
        using var scope = AttemptScope.Begin();
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
        using var scope = AttemptScope.Begin();
        using var response = await client.PostAsync("v1/chat/completions", null);
        Assert.Equal(1, scope.Attempts);
    }

    [Fact]
    public async Task A_rate_limit_is_retried_and_can_succeed()
    {
        var calls = 0;
        using var client = Client(_ => ++calls < 3 ? new HttpResponseMessage(HttpStatusCode.TooManyRequests) : new HttpResponseMessage(HttpStatusCode.OK));
        using var scope = AttemptScope.Begin();
        using var response = await client.PostAsync("v1/chat/completions", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, scope.Attempts);
    }

    private sealed class Scripted(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(respond(request));
    }

    /// <summary>Yields a first part of a body, then never another byte until the reader gives up.</summary>
    private sealed class StallingStream : Stream
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
