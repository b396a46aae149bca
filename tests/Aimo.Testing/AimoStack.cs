using Aimo.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aimo.Testing;

/// <summary>
/// Starts the whole AppHost in processes mode with its own temporary state folder, so tests never
/// touch a developer's data. Every wait has an explicit timeout.
/// </summary>
// Processes mode (redis-server, PostgreSQL run as the 'postgres' user) is what it starts: Linux only.
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AimoStack : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    public const string IngestApiKey = "test-ingest-key";
    public const string AdminPassword = "test-admin-password";

    private AimoStack(DistributedApplication app, string stateDirectory)
    {
        App = app;
        StateDirectory = stateDirectory;
    }

    public static readonly string[] AllResources =
    [
        ResourceNames.Redis, ResourceNames.Postgres, ResourceNames.Database, ResourceNames.Migrations,
        ResourceNames.LlmSimulator, ResourceNames.Ingest, ResourceNames.Worker, ResourceNames.Admin,
    ];

    public DistributedApplication App { get; }
    public string StateDirectory { get; }

    public static string NewStateDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("aimo-test-");
        // Temp folders are created 0700; PostgreSQL runs as the 'postgres' user and must pass through.
        directory.UnixFileMode |= UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return directory.FullName;
    }

    /// <param name="extraArgs">More AppHost configuration, e.g. <c>--Simulator:Faults:...</c>.</param>
    public static async Task<AimoStack> StartAsync(string stateDirectory, params string[] extraArgs)
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        string[] args =
        [
            "--Aimo:Infrastructure=processes",
            $"--Aimo:StateDirectory={stateDirectory}",
            $"--Parameters:{ResourceNames.IngestApiKey}={IngestApiKey}",
            $"--Parameters:{ResourceNames.AdminPassword}={AdminPassword}",
            .. extraArgs,
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Aimo_AppHost>(args, cts.Token);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire.", LogLevel.Warning));
        var app = await builder.BuildAsync(cts.Token);
        await app.StartAsync(cts.Token);
        var stack = new AimoStack(app, stateDirectory);
        try
        {
            await stack.WaitForAllAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            var states = string.Join(", ", AllResources.Select(name =>
                app.ResourceNotifications.TryGetCurrentState(name, out var e)
                    ? $"{name}={e.Snapshot.State?.Text}/{e.Snapshot.HealthStatus}/exit {e.Snapshot.ExitCode}"
                    : $"{name}=unknown"));
            await stack.DisposeAsync();
            throw new TimeoutException($"The stack did not become ready within {StartTimeout}: {states}");
        }
        return stack;
    }

    /// <summary>Waits until every long-running resource is healthy and the migrations have completed.</summary>
    public async Task WaitForAllAsync(CancellationToken cancellationToken)
    {
        var notifications = App.ResourceNotifications;
        await notifications.WaitForResourceAsync(ResourceNames.Migrations, KnownResourceStates.Finished, cancellationToken);
        await Task.WhenAll(AllResources.Where(name => name != ResourceNames.Migrations).Select(name => notifications.WaitForResourceHealthyAsync(name, cancellationToken)));
    }

    /// <summary>
    /// SIGKILLs a service's process tree (the project may run under <c>dotnet run</c>): no graceful shutdown,
    /// nothing cleaned up — a crash. Returns once the AppHost sees it stopped.
    /// </summary>
    public async Task KillAsync(string resource, CancellationToken cancellationToken)
    {
        Assert.True(App.ResourceNotifications.TryGetCurrentState(resource, out var e), $"{resource} has no state");
        var pid = e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value;
        Assert.NotNull(pid);
        using (var process = System.Diagnostics.Process.GetProcessById(Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture)))
        {
            process.Kill(entireProcessTree: true);
        }
        await WaitForAsync(resource, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken);
    }

    /// <summary>
    /// Waits until a resource — or one instance of a replicated one, by its instance id — is in a state. (The
    /// notification service's own waits match resource names only, never a replica's instance id.)
    /// </summary>
    public async Task WaitForAsync(string resource, Func<ResourceEvent, bool> done, CancellationToken cancellationToken)
    {
        if (App.ResourceNotifications.TryGetCurrentState(resource, out var current) && done(current))
        {
            return;
        }
        await foreach (var e in App.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if ((e.ResourceId == resource || e.Resource.Name == resource) && done(e))
            {
                return;
            }
        }
    }

    /// <summary>The instance ids of a resource: one per replica (e.g. two for <c>--Aimo:WorkerReplicas=2</c>).</summary>
    public async Task<IReadOnlyList<string>> InstancesAsync(string resource, int expected, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in App.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (e.Resource.Name == resource && ids.Add(e.ResourceId) && ids.Count >= expected)
            {
                break;
            }
        }
        return [.. ids];
    }

    /// <summary>Stops a resource gracefully (SIGTERM: Redis writes its append-only file, PostgreSQL shuts down cleanly).</summary>
    public async Task StopAsync(string resource, CancellationToken cancellationToken)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, cancellationToken);
        Assert.True(result.Success, $"stop {resource}: {result.Message}");
        await WaitForAsync(resource, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken);
    }

    /// <summary>Starts a stopped service again and waits until it is healthy.</summary>
    public async Task StartAgainAsync(string resource, CancellationToken cancellationToken)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken);
        Assert.True(result.Success, $"start {resource}: {result.Message}");
        await WaitForAsync(resource, e => e.Snapshot.State?.Text == KnownResourceStates.Running
            && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, cancellationToken);
    }

    public bool IsStopped(string resource) =>
        App.ResourceNotifications.TryGetCurrentState(resource, out var e)
        && KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text);

    public HttpClient CreateIngestClient()
    {
        var client = App.CreateHttpClient(ResourceNames.Ingest);
        client.DefaultRequestHeaders.Add("X-Api-Key", IngestApiKey);
        return client;
    }

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource)
        ?? throw new InvalidOperationException($"{resource} has no connection string");

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await App.StopAsync(cts.Token);
        await App.DisposeAsync();
    }
}
