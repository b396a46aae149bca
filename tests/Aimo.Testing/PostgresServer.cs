using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Npgsql;

namespace Aimo.Testing;

/// <summary>
/// A throwaway PostgreSQL server (the machine's binaries) on a free port with its data in a temporary folder,
/// fsync off, removed at the end. When the tests run as root it runs as the <c>postgres</c> user, which PostgreSQL requires.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PostgresServer : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private Process? _server;
    private string _folder = "";

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install -y postgresql).");
        var folder = Directory.CreateTempSubdirectory("aimo-pg-");
        // Temp folders are 0700; the postgres user must pass through /tmp/aimo-pg-*.
        folder.UnixFileMode |= UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        _folder = folder.FullName;
        var data = Path.Combine(_folder, "data");
        var root = Environment.UserName == "root";
        if (root)
        {
            await RunAsync("chown", ["postgres:postgres", _folder]);
        }
        await RunAsync(Command(bin, "initdb", root, out var prefix), [.. prefix, "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-instructions"]);

        // A free port is free only when asked: a fixture starting at the same moment can be handed the same one, and
        // this server would then talk to the other one's data. So a server is used only once it says it is ours.
        var port = 0;
        for (var attempt = 1; port == 0; attempt++)
        {
            port = await TryStartAsync(bin, root, data, FreePort());
            if (port == 0 && attempt == 5)
            {
                throw new InvalidOperationException("PostgreSQL could not be started on a port of its own in 5 attempts.");
            }
        }
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=aimo_test";
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }
        NpgsqlConnection.ClearAllPools();
        await StopServerAsync();
        if (_folder.Length > 0)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Starts the server on <paramref name="port"/> and creates the test database: the port, or 0 when another server answered there.</summary>
    private async Task<int> TryStartAsync(string bin, bool root, string data, int port)
    {
        var start = new ProcessStartInfo(Command(bin, "postgres", root, out var prefix)) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])[.. prefix, "-D", data, "-p", port.ToString(CultureInfo.InvariantCulture), "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "full_page_writes=off"])
        {
            start.ArgumentList.Add(arg);
        }
        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var admin = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
        using var cts = new CancellationTokenSource(StartTimeout);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync(cts.Token);
                await using var directory = new NpgsqlCommand("SHOW data_directory", connection);
                if (!string.Equals((string?)await directory.ExecuteScalarAsync(cts.Token), data, StringComparison.Ordinal))
                {
                    await StopServerAsync();
                    return 0;
                }
                await using var create = new NpgsqlCommand("CREATE DATABASE aimo_test", connection);
                await create.ExecuteNonQueryAsync(cts.Token);
                return port;
            }
            catch (NpgsqlException) when (!cts.IsCancellationRequested && !_server.HasExited)
            {
                await Task.Delay(100, cts.Token);
            }
            catch (NpgsqlException) when (_server.HasExited)
            {
                return 0;
            }
        }
    }

    private async Task StopServerAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }
        _server?.Dispose();
        _server = null;
    }

    /// <summary>The binary, run through setpriv as the postgres user when this process is root.</summary>
    private static string Command(string bin, string binary, bool root, out string[] prefix)
    {
        prefix = root ? ["--reuid=postgres", "--regid=postgres", "--init-groups", Path.Combine(bin, binary)] : [];
        return root ? "setpriv" : Path.Combine(bin, binary);
    }

    private static async Task RunAsync(string command, string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
