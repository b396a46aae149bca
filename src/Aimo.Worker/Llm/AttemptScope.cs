namespace Aimo.Worker.Llm;

/// <summary>
/// Counts the HTTP attempts of the LLM calls made while it is current (an AsyncLocal flows into the
/// HTTP pipeline, so <see cref="AttemptCountingHandler"/> inside the resilience handler sees it).
/// </summary>
public sealed class AttemptScope : IDisposable
{
    private static readonly AsyncLocal<AttemptScope?> CurrentScope = new();
    private readonly AttemptScope? _previous;
    private int _attempts;

    private AttemptScope()
    {
        _previous = CurrentScope.Value;
        CurrentScope.Value = this;
    }

    public static AttemptScope? Current => CurrentScope.Value;

    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Status of the last HTTP response, or null when the last attempt got none.</summary>
    public int? LastStatus { get; private set; }

    public static AttemptScope Begin() => new();

    internal void RecordAttempt() => Interlocked.Increment(ref _attempts);

    internal void RecordStatus(int? status) => LastStatus = status;

    public void Dispose() => CurrentScope.Value = _previous;
}

/// <summary>Sits inside the resilience handler, so it sees every attempt, not just the logical call.</summary>
public sealed class AttemptCountingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var scope = AttemptScope.Current;
        scope?.RecordAttempt();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            scope?.RecordStatus((int)response.StatusCode);
            return response;
        }
        catch
        {
            scope?.RecordStatus(null);
            throw;
        }
    }
}
