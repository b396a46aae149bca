using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aimo.Testing;

/// <summary>The processes behind a running stack's resources (or one replica's instance id), for fault injection.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class StackProcesses
{
    /// <summary>The pid the AppHost started for a resource or instance, or null while it has none (stopped, starting).</summary>
    public static int? PidOf(this AimoStack stack, string resource) =>
        stack.App.ResourceNotifications.TryGetCurrentState(resource, out var e)
        && e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid
        && int.TryParse(Convert.ToString(pid, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
        && !KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text)
            ? value
            : null;

    public static bool IsRunningHealthy(this AimoStack stack, string resource) =>
        stack.App.ResourceNotifications.TryGetCurrentState(resource, out var e)
        && e.Snapshot.State?.Text == KnownResourceStates.Running
        && e.Snapshot.HealthStatus == HealthStatus.Healthy;

    /// <summary>
    /// Starts a stopped resource and waits until it is running and healthy. A start that ends in a terminal state
    /// (e.g. PostgreSQL refusing while orphans of a killed postmaster still hold its shared memory) is tried again
    /// after a pause, until <paramref name="timeout"/>; returns what happened at each try, for a report.
    /// </summary>
    public static async Task<IReadOnlyList<string>> StartUntilHealthyAsync(this AimoStack stack, string resource, TimeSpan timeout)
    {
        var tries = new List<string>();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (!stack.IsRunningHealthy(resource))
            {
                if (!stack.IsStopped(resource))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), cts.Token);
                    continue;
                }
                var result = await stack.App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, cts.Token);
                tries.Add(result.Success ? "started" : $"start refused: {result.Message}");
                // The state stays terminal for a moment after the command; a start counts as failed only once the
                // resource was seen alive and ended again (or never left the terminal state for a while).
                var sawAlive = false;
                var since = DateTime.UtcNow;
                while (!stack.IsRunningHealthy(resource))
                {
                    sawAlive |= !stack.IsStopped(resource);
                    if (stack.IsStopped(resource) && (sawAlive || DateTime.UtcNow - since > TimeSpan.FromSeconds(10)))
                    {
                        tries.Add($"ended {StateOf(stack, resource)}");
                        await Task.Delay(TimeSpan.FromSeconds(1), cts.Token);
                        break;
                    }
                    await Task.Delay(TimeSpan.FromMilliseconds(200), cts.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{resource} did not become healthy within {timeout} ({StateOf(stack, resource)}); tries: {string.Join("; ", tries)}");
        }
        return tries;
    }

    public static string StateOf(AimoStack stack, string resource) =>
        stack.App.ResourceNotifications.TryGetCurrentState(resource, out var e)
            ? $"{e.Snapshot.State?.Text}/{e.Snapshot.HealthStatus}/exit {e.Snapshot.ExitCode}"
            : "unknown";
}
