using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Aimo.AppHost.Tests.Admin;

/// <summary>Collects a resource's console log lines from the moment of <see cref="Watch"/> (a watcher makes the AppHost stream them).</summary>
internal sealed class ResourceLogs : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    private ResourceLogs(AimoStack stack, string resourceName)
    {
        var resource = stack.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resourceName);
        var logs = stack.App.Services.GetRequiredService<ResourceLoggerService>();
        _pump = Task.Run(async () =>
        {
            await foreach (var batch in logs.WatchAsync(resource).WithCancellation(_stop.Token))
            {
                foreach (var line in batch)
                {
                    _lines.Enqueue(line.Content);
                }
            }
        });
    }

    public static ResourceLogs Watch(AimoStack stack, string resourceName) => new(stack, resourceName);

    public IReadOnlyList<string> Lines => [.. _lines];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
            // stopped watching
        }
        _stop.Dispose();
    }
}
