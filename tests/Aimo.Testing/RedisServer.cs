using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Aimo.Testing;

/// <summary>
/// A throwaway <c>redis-server</c> on a free port, no persistence, killed at the end. The budget scripts run in real
/// Redis (Lua, atomicity) — a fake would prove nothing about them.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private Process? _server;

    public ConnectionMultiplexer Redis { get; private set; } = null!;

    /// <summary>Where the server's port comes from; a test may hand out a taken one.</summary>
    public Func<int> ChoosePort { get; init; } = FreePort;

    /// <summary>The redis-server process this fixture started (and answers <see cref="Redis"/>).</summary>
    public int ProcessId => _server?.Id ?? 0;

    public async Task InitializeAsync()
    {
        // A free port is free only when asked: another fixture starting at the same moment can be handed the same one.
        // Then this server cannot bind and exits, and a connection would reach the other fixture's server, which dies
        // with that fixture (its tests then see Redis vanish mid-run). So a server is used only once it says it is ours.
        for (var attempt = 1; ; attempt++)
        {
            if (await TryStartAsync(ChoosePort()))
            {
                return;
            }
            await StopAsync();
            if (attempt == 5)
            {
                throw new InvalidOperationException("redis-server could not be started on a port of its own in 5 attempts.");
            }
        }
    }

    private async Task<bool> TryStartAsync(int port)
    {
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            _server = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not installed (apt-get install -y redis-server).", ex);
        }
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(StartTimeout);
        while (true)
        {
            try
            {
                Redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},connectTimeout=1000,abortConnect=true,allowAdmin=true");
                return await AnsweredByOwnServerAsync();
            }
            catch (RedisConnectionException) when (!cts.IsCancellationRequested && !_server.HasExited)
            {
                await Task.Delay(100);
            }
            catch (RedisConnectionException) when (_server.HasExited)
            {
                return false;
            }
        }
    }

    private async Task<bool> AnsweredByOwnServerAsync()
    {
        var info = await Redis.GetServers()[0].InfoAsync("server");
        var pid = info.SelectMany(g => g).FirstOrDefault(p => p.Key == "process_id").Value;
        return pid == _server!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task DisposeAsync() => StopAsync();

    private async Task StopAsync()
    {
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
            Redis = null!;
        }
        if (_server is { HasExited: false })
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }
        _server?.Dispose();
        _server = null;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
