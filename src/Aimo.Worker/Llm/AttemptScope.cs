namespace Aimo.Worker.Llm;

/// <summary>
/// Counts the HTTP attempts of the LLM calls made while it is current (an AsyncLocal flows into the HTTP pipeline,
/// so <see cref="AttemptCountingHandler"/> inside the resilience handler sees every attempt), and whether any attempt
/// ended without a complete response — a call the provider may bill although the client never saw its usage.
/// </summary>
public sealed class AttemptScope : IDisposable
{
    private static readonly AsyncLocal<AttemptScope?> CurrentScope = new();
    private readonly AttemptScope? _previous;
    private int _attempts;
    private int _incomplete;

    private AttemptScope()
    {
        _previous = CurrentScope.Value;
        CurrentScope.Value = this;
    }

    public static AttemptScope? Current => CurrentScope.Value;

    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>An attempt was sent but ended without a complete response (timeout, broken or stalled body).</summary>
    public bool AnyIncomplete => Volatile.Read(ref _incomplete) > 0;

    /// <summary>Status of the last HTTP response, or null when the last attempt got none.</summary>
    public int? LastStatus { get; private set; }

    public static AttemptScope Begin() => new();

    internal void RecordAttempt() => Interlocked.Increment(ref _attempts);

    internal void RecordStatus(int? status) => LastStatus = status;

    internal void RecordIncomplete() => Interlocked.Increment(ref _incomplete);

    public void Dispose() => CurrentScope.Value = _previous;
}
