namespace Aimo.AppHost.Tests;

/// <summary>One running stack shared by the test classes of the <see cref="StackCollection"/> (starting it costs ~15 s).</summary>
public sealed class StackFixture : IAsyncLifetime
{
    private AimoStack? _stack;

    public AimoStack Stack => _stack ?? throw new InvalidOperationException("The stack has not started.");

    /// <summary>The shared stack's worker declares a dead peer after 6 s (default 20 s), so crash tests recover quickly.</summary>
    public const string HeartbeatTimeout = "00:00:06";

    /// <summary>
    /// The shared stack's settings: a dead peer is declared after 6 s (default 20 s) so crash tests recover quickly; a
    /// paused LLM is probed after 2 s, at most 5 s apart (defaults 10 s / 2 min) so outage tests resume quickly; an
    /// attempt gives up after 8 s (default 60 s) so a stalled body costs the test 3 × 8 s, not 3 minutes; the first
    /// sign-in lock lasts 5 s (default 1 s), so a test can see that an attempt made right after the lock is refused
    /// even on a loaded machine.
    /// </summary>
    public const string SignInBaseDelay = "00:00:05";

    public static readonly string[] Settings =
    [
        $"--Services:worker:Aimo:Worker:HeartbeatTimeout={HeartbeatTimeout}",
        "--Services:worker:Aimo:Worker:ProbeInterval=00:00:02",
        "--Services:worker:Aimo:Worker:MaxProbeInterval=00:00:05",
        "--Services:worker:Aimo:Llm:Resilience:AttemptTimeout=00:00:08",
        "--Services:worker:Aimo:Llm:Resilience:TotalRequestTimeout=00:00:40",
        $"--Services:admin:Admin:SignInThrottle:BaseDelay={SignInBaseDelay}",
    ];

    public async Task InitializeAsync() => _stack = await AimoStack.StartAsync(AimoStack.NewStateDirectory(), Settings);

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
            Directory.Delete(_stack.StateDirectory, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
