using Aimo.Worker.Llm;

namespace Aimo.Worker.Tests;

/// <summary>Which failures are an outage (retried, then llm_unavailable), a configuration error (pause) or this request's fault.</summary>
public sealed class LlmFailureTests
{
    [Theory]
    [InlineData(500, null, LlmFailureKind.Transient)]
    [InlineData(503, null, LlmFailureKind.Transient)]
    [InlineData(429, "rate_limit_exceeded", LlmFailureKind.Transient)]
    [InlineData(408, null, LlmFailureKind.Transient)]
    [InlineData(429, "insufficient_quota", LlmFailureKind.Configuration)]
    [InlineData(401, "invalid_api_key", LlmFailureKind.Configuration)]
    [InlineData(403, null, LlmFailureKind.Configuration)]
    [InlineData(404, "model_not_found", LlmFailureKind.Configuration)]
    [InlineData(400, "unsupported_value", LlmFailureKind.Configuration)]
    [InlineData(400, null, LlmFailureKind.Configuration)]
    [InlineData(400, "context_length_exceeded", LlmFailureKind.Rejected)]
    public void Classifies_by_status_and_provider_code(int status, string? code, LlmFailureKind expected) =>
        Assert.Equal(expected, LlmFailure.Classify(status, code));

    [Fact]
    public void Describes_with_status_code_and_the_providers_message() =>
        Assert.Equal("HTTP 401 (invalid_api_key): Incorrect API key provided: sk-...abcd.",
            new LlmFailure(LlmFailureKind.Configuration, 401, "invalid_api_key", "Incorrect API key provided: sk-...abcd.").Describe());
}
