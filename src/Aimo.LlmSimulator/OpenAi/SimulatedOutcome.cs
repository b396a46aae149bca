namespace Aimo.LlmSimulator.OpenAi;

/// <summary>What the simulator decided to send back for one chat request.</summary>
public abstract record SimulatedOutcome
{
    private SimulatedOutcome() { }

    public sealed record Completion(ChatCompletionResponse Response) : SimulatedOutcome;

    /// <param name="RetryAfterSeconds">Sent as the <c>Retry-After</c> header when set.</param>
    public sealed record Error(int StatusCode, OpenAiErrorResponse Body, int? RetryAfterSeconds = null) : SimulatedOutcome;

    /// <summary>The client gave up while the simulator was hanging; nobody is listening any more.</summary>
    public sealed record Abandoned : SimulatedOutcome;
}
