using Aimo.Core;
using StackExchange.Redis;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>Redis faults, sent on a connection of the checker's own (admin commands allowed, long timeouts: DEBUG SLEEP blocks it too).</summary>
public sealed class RedisFaults(AimoStack stack, ConnectionMultiplexer admin)
{
    public static readonly TimeSpan RestartTimeout = TimeSpan.FromSeconds(90);

    public static async Task<ConnectionMultiplexer> ConnectAsync(AimoStack stack)
    {
        var options = ConfigurationOptions.Parse(await stack.ConnectionStringAsync(ResourceNames.Redis));
        options.AllowAdmin = true;
        options.AbortOnConnectFail = false;
        options.SyncTimeout = options.AsyncTimeout = 20_000;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>SIGKILL (no AOF rewrite, no shutdown), down for <c>Duration</c>, started again. Returns the start's tries.</summary>
    public async Task<IReadOnlyList<string>> KillAsync(FaultStep fault, CancellationToken cancellationToken)
    {
        using (var kill = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await stack.KillAsync(ResourceNames.Redis, kill.Token);
        }
        await Task.Delay(fault.Duration, cancellationToken);
        return await stack.StartUntilHealthyAsync(ResourceNames.Redis, RestartTimeout);
    }

    /// <summary>Every client but this one waits (reads and writes) for <c>Duration</c>.</summary>
    public async Task ClientPauseAsync(FaultStep fault)
    {
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", (long)fault.Duration.TotalMilliseconds, "ALL");
        await Task.Delay(fault.Duration);
    }

    /// <summary>Drops every normal client's connection at once (not this one: SKIPME is the default).</summary>
    public Task ClientKillAsync() => admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "normal");

    /// <summary>Redis sleeps <c>Duration</c>: nobody is answered. Needs the AppHost's <c>Aimo:Redis:EnableDebugCommand</c>.</summary>
    public Task DebugSleepAsync(FaultStep fault) =>
        admin.GetDatabase().ExecuteAsync("DEBUG", "SLEEP", fault.Duration.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
}
