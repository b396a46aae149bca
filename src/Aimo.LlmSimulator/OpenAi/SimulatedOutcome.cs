namespace Aimo.LlmSimulator.OpenAi;

/// <summary>What the simulator decided to send back for one chat request.</summary>
public abstract record SimulatedOutcome
{
    private SimulatedOutcome() { }

    public sealed record Completion(ChatCompletionResponse Response) : SimulatedOutcome;

    /// <summary>A completion whose body stops part-way for <paramref name="Stall"/> after the headers went out.</summary>
    public sealed record StalledCompletion(ChatCompletionResponse Response, TimeSpan Stall) : SimulatedOutcome;

    /// <param name="RetryAfter">Sent as the <c>Retry-After</c> (whole seconds) and <c>retry-after-ms</c> headers when set.</param>
    public sealed record Error(int StatusCode, OpenAiErrorResponse Body, TimeSpan? RetryAfter = null) : SimulatedOutcome;

    /// <summary>The client gave up while the simulator was hanging; nobody is listening any more.</summary>
    public sealed record Abandoned : SimulatedOutcome;
}
