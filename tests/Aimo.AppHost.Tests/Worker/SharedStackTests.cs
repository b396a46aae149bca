namespace Aimo.AppHost.Tests.Worker;

/// <summary>
/// Tests on the shared stack through a <see cref="WorkerHarness"/>: connected before each test, and the simulator's
/// faults cleared after it so the next test starts from a healthy provider.
/// </summary>
[Collection(StackCollection.Name)]
public abstract class SharedStackTests(StackFixture fixture) : IAsyncLifetime
{
    protected StackFixture Fixture => fixture;
    protected WorkerHarness H { get; private set; } = null!;

    public async Task InitializeAsync() => H = await WorkerHarness.ConnectAsync(fixture.Stack);

    public async Task DisposeAsync()
    {
        await H.ResetSimAsync();
        await H.DisposeAsync();
    }
}
