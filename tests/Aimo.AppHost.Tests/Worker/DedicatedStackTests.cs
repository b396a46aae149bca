namespace Aimo.AppHost.Tests.Worker;

/// <summary>
/// Tests that need a stack of their own — other AppHost settings (replicas, model) or counters that start at zero —
/// rather than the shared one: started before, stopped and deleted after each test class instance.
/// </summary>
public abstract class DedicatedStackTests(params string[] appHostArgs) : IAsyncLifetime
{
    protected AimoStack Stack { get; private set; } = null!;
    protected WorkerHarness H { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stack = await AimoStack.StartAsync(AimoStack.NewStateDirectory(), appHostArgs);
        H = await WorkerHarness.ConnectAsync(Stack);
    }

    public virtual async Task DisposeAsync()
    {
        await H.DisposeAsync();
        await Stack.DisposeAsync();
        Directory.Delete(Stack.StateDirectory, recursive: true);
    }
}
