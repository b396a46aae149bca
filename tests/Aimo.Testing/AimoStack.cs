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

    /// <summary>The ingest scope's keys: two valid at once, as during a rotation.</summary>
    public const string IngestApiKey = "test-ingest-key-0001";
    public const string IngestApiKeyNext = "test-ingest-key-0002";
    public const string OperatorApiKey = "test-operator-key-0001";
    public const string OperatorApiKeyNext = "test-operator-key-0002";

    /// <summary>The admin's two operators on every test stack.</summary>
    public static readonly OperatorLogin Alice = new("alice", "alice-test-password");
    public static readonly OperatorLogin Bob = new("bob", "bob-test-password");

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
            $"--Parameters:{ResourceNames.IngestApiKey}={IngestApiKey},{IngestApiKeyNext}",
            $"--Parameters:{ResourceNames.OperatorApiKey}={OperatorApiKey},{OperatorApiKeyNext}",
            $"--Parameters:{ResourceNames.AdminOperators}={OperatorLogin.Entries(Alice, Bob)}",
            // Tier C synchronously unless a test asks for the Batch API (the local stack's default with the simulator).
            "--Services:worker:Aimo:Worker:BatchApi:Enabled=false",
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

    /// <summary>A client of the ingest service with an ingest-scope key: sends and looks up signatures.</summary>
    public HttpClient CreateIngestClient() => CreateApiClient(IngestApiKey);

    /// <summary>A client of the ingest service with an operator-scope key: budget, batches, review.</summary>
    public HttpClient CreateOperatorClient() => CreateApiClient(OperatorApiKey);

    /// <summary>A client of the ingest service that sends <paramref name="key"/> (none when null).</summary>
    public HttpClient CreateApiClient(string? key)
    {
        var client = App.CreateHttpClient(ResourceNames.Ingest);
        if (key is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", key);
        }
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
