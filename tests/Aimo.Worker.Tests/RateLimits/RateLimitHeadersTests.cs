using System.Net;
using Aimo.Worker.Llm.RateLimits;

namespace Aimo.Worker.Tests.RateLimits;

public sealed class RateLimitHeadersTests
{
    [Theory]
    [InlineData("120ms", 120)]
    [InlineData("1s", 1_000)]
    [InlineData("1.2s", 1_200)]
    [InlineData("6m0s", 360_000)]
    [InlineData("1h2m3.5s", 3_723_500)]
    [InlineData("2", 2_000)]
    public void Reads_go_durations_as_openai_writes_them(string text, double ms) =>
        Assert.Equal(TimeSpan.FromMilliseconds(ms), RateLimitHeaders.ParseDuration(text));

    [Theory]
    [InlineData("soon")]
    [InlineData("5x")]
    [InlineData("")]
    public void Unreadable_durations_are_absent(string text) => Assert.Null(RateLimitHeaders.ParseDuration(text));

    [Fact]
    public void Reads_an_openai_response_and_leaves_what_is_absent_null()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.Add("x-ratelimit-limit-requests", "600");
        response.Headers.Add("x-ratelimit-remaining-requests", "599");
        response.Headers.Add("x-ratelimit-reset-requests", "100ms");
        response.Headers.Add("x-ratelimit-limit-tokens", "2000000");
        response.Headers.Add("x-ratelimit-remaining-tokens", "1993744");

        var report = RateLimitHeaders.Read(response.Headers);

        Assert.Equal(new Aimo.Data.Llm.RateLimitReport(600, 599, TimeSpan.FromMilliseconds(100), 2_000_000, 1_993_744, null), report);
    }
}
