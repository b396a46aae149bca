using Aimo.LlmSimulator.Faults;
using Aimo.LlmSimulator.Limits;
using Aimo.LlmSimulator.OpenAi;
using Aimo.LlmSimulator.Validation;

namespace Aimo.LlmSimulator.Apis;

/// <summary>What <c>POST /v1/chat/completions</c> needs, bound with <c>[AsParameters]</c>.</summary>
public sealed record ChatServices(
    ChatRequestValidator Validator,
    RateLimiter Limiter,
    TokenCounter Tokens,
    ChatCompletionSimulator Completions,
    SimulatorStats Stats,
    TimeProvider Time,
    Microsoft.Extensions.Options.IOptions<SimulatorOptions> Simulator,
    ILogger<ChatCompletionSimulator> Logger);
