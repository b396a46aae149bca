namespace Aimo.LlmSimulator.Billing;

/// <summary>
/// One chat request as the provider saw it, for <c>GET /sim/requests</c>: when it arrived and ended, what it carried,
/// how it was answered, whether it was billed, and whether the client went away before the answer was complete.
/// A checker uses these to bound what a client may have been billed for without ever seeing the usage.
/// </summary>
public sealed class CallRecord(long seq, DateTimeOffset startedAt)
{
    /// <summary>Guards the fields written while the request runs against a snapshot taken meanwhile.</summary>
    internal Lock Gate { get; } = new();

    public long Seq { get; } = seq;
    public DateTimeOffset StartedAt { get; } = startedAt;
    public DateTimeOffset? EndedAt { get; internal set; }

    /// <summary>The response status (0 when nothing was sent).</summary>
    public int Status { get; internal set; }

    /// <summary>The injected fault (<c>none</c>, <c>http500</c>, <c>hang</c>, ...), or null when the request was refused before the draw.</summary>
    public string? Fault { get; internal set; }

    public string? Model { get; internal set; }

    /// <summary>Signatures in the prompt's block (what the answer covers).</summary>
    public int Signatures { get; internal set; }

    /// <summary>Characters of all message texts: an upper bound of any sample-character count the client estimated from.</summary>
    public int PromptChars { get; internal set; }

    public bool Billed { get; internal set; }
    public long PromptTokens { get; internal set; }
    public long CompletionTokens { get; internal set; }
    public decimal BilledUsd { get; internal set; }

    /// <summary>The path and query the client called (e.g. Azure's deployment route with its <c>api-version</c>).</summary>
    public string? Path { get; internal set; }

    /// <summary>How the client authenticated: <c>bearer</c>, <c>api-key</c>, <c>entra</c> (Azure's token stand-in) or <c>none</c>.</summary>
    public string? Auth { get; internal set; }

    /// <summary>The body's <c>model</c>, <c>max_tokens</c> and <c>max_completion_tokens</c> as sent (null when absent).</summary>
    public string? SentModel { get; internal set; }
    public int? MaxTokens { get; internal set; }
    public int? MaxCompletionTokens { get; internal set; }

    internal void Arrived(string path, string auth)
    {
        lock (Gate)
        {
            (Path, Auth) = (path, auth);
        }
    }

    internal void Carried(string? model, int? maxTokens, int? maxCompletionTokens)
    {
        lock (Gate)
        {
            (SentModel, MaxTokens, MaxCompletionTokens) = (model, maxTokens, maxCompletionTokens);
        }
    }

    /// <summary>What the request carried and the fault drawn for it.</summary>
    internal void Describe(string fault, string model, int promptChars, int signatures)
    {
        lock (Gate)
        {
            (Fault, Model, PromptChars, Signatures) = (fault, model, promptChars, signatures);
        }
    }

    /// <summary>Marks the request billed; one lock with <see cref="CallView.Of"/>, so a snapshot never sees half a bill.</summary>
    internal void MarkBilled(long promptTokens, long completionTokens, decimal usd)
    {
        lock (Gate)
        {
            (Billed, PromptTokens, CompletionTokens, BilledUsd) = (true, promptTokens, completionTokens, usd);
        }
    }

    /// <summary>The client aborted before the answer was complete (a hang given up, a stalled body, a client killed mid-answer).</summary>
    public bool ClientGone { get; internal set; }
}
