namespace Aimo.AppHost.Tests;

/// <summary>One running stack shared by the test classes of the <see cref="StackCollection"/> (starting it costs ~15 s).</summary>
public sealed class StackFixture : IAsyncLifetime
{
    private AimoStack? _stack;

    public AimoStack Stack => _stack ?? throw new InvalidOperationException("The stack has not started.");

    public async Task InitializeAsync() => _stack = await AimoStack.StartAsync(AimoStack.NewStateDirectory());

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
