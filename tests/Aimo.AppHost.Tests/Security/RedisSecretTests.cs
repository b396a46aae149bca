using System.Collections;
using Aimo.Core;
using StackExchange.Redis;

namespace Aimo.AppHost.Tests.Security;

/// <summary>Processes mode: the Redis password is in a file only its owner can read, not on redis-server's command line.</summary>
[Collection(StackCollection.Name)]
public sealed class RedisSecretTests(StackFixture fixture)
{
    private AimoStack Stack => fixture.Stack;

    [Fact]
    public async Task The_redis_password_is_in_an_owner_only_config_file_and_not_on_the_command_line()
    {
        var connectionString = await Stack.ConnectionStringAsync(ResourceNames.Redis);
        var password = ConfigurationOptions.Parse(connectionString).Password;
        Assert.False(string.IsNullOrEmpty(password));

        Assert.True(Stack.App.ResourceNotifications.TryGetCurrentState(ResourceNames.Redis, out var redis));
        var properties = redis.Snapshot.Properties.ToDictionary(p => p.Name, p => Text(p.Value));
        // What the dashboard shows and DCP started the process with.
        var args = properties["executable.args"];
        Assert.DoesNotContain(password, args);
        // What ps shows.
        var pid = properties["executable.pid"];
        var commandLine = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Replace('\0', ' ');
        Assert.DoesNotContain(password, commandLine);

        var configFile = Path.Combine(Stack.StateDirectory, "secrets", "redis.conf");
        Assert.Contains(configFile, args);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(configFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(configFile)!));
        Assert.Contains($"requirepass {password}", await File.ReadAllTextAsync(configFile));

        // And Redis does use it: without the password it answers nothing but NOAUTH.
        var (host, port) = ConfigurationOptions.Parse(connectionString).EndPoints.Single() switch
        {
            System.Net.DnsEndPoint dns => (dns.Host, dns.Port),
            System.Net.IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            var other => throw new InvalidOperationException($"Unexpected endpoint {other}"),
        };
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(host, port);
        var stream = socket.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer);
        Assert.StartsWith("-NOAUTH", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        IEnumerable items => string.Join(' ', items.Cast<object?>()),
        _ => value.ToString() ?? "",
    };
}
