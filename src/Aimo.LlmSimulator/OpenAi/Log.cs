namespace Aimo.LlmSimulator.OpenAi;

internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Injecting fault {Fault} (forced: {Forced})")]
    public static partial void FaultInjected(ILogger logger, string fault, bool forced);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Answered {Signatures} signatures: {PromptTokens} prompt + {CompletionTokens} completion tokens, fault {Fault}")]
    public static partial void Completed(ILogger logger, int signatures, int promptTokens, int completionTokens, string fault);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "The client abandoned a hanging request")]
    public static partial void HangAbandoned(ILogger logger);

    // Response text only at Trace: in a real deployment it would echo customer data.
    [LoggerMessage(EventId = 4004, Level = LogLevel.Trace, Message = "Response content: {Content}")]
    public static partial void ResponseText(ILogger logger, string content);

    // Information, not Warning: refusing bad requests is the simulator doing its job.
    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Refused a chat request with {Status} ({Code}): {Reason}")]
    public static partial void Refused(ILogger logger, int status, string? code, string reason);

    // Debug: under a load test against a limit, 429s are the expected steady state, one per refused call.
    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "Rate limited: {Reason}")]
    public static partial void RateLimited(ILogger logger, string reason);
}
