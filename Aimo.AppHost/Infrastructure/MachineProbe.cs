using System.Diagnostics;

namespace Aimo.AppHost.Infrastructure;

/// <summary>Looks at the machine: does a container engine answer, where are redis-server and PostgreSQL.</summary>
internal static class MachineProbe
{
    private static readonly TimeSpan DockerInfoTimeout = TimeSpan.FromSeconds(10);

    public static InfrastructureProbe Probe(string? redisServerOverride, string? postgresBinOverride) => new(
        ContainerRuntimeAnswers(),
        FindRedisServer(redisServerOverride),
        FindPostgresBinDirectory(postgresBinOverride));

    /// <summary>A <c>docker</c> client alone proves nothing: only a successful <c>docker info</c> means an engine runs.</summary>
    private static bool ContainerRuntimeAnswers()
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") ?? "docker";
        if (FindOnPath(runtime) is not { } client)
        {
            return false;
        }
        try
        {
            using var process = Process.Start(new ProcessStartInfo(client, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(DockerInfoTimeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string? FindRedisServer(string? configured) =>
        configured is { Length: > 0 } ? (File.Exists(configured) ? configured : null) : FindOnPath("redis-server");

    private static string? FindPostgresBinDirectory(string? configured)
    {
        if (configured is { Length: > 0 })
        {
            return HasPostgres(configured) ? configured : null;
        }
        // Debian and Ubuntu keep the server binaries off PATH, one folder per major version; take the newest.
        const string debianRoot = "/usr/lib/postgresql";
        var candidates = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))
            : [];
        var onPath = FindOnPath("postgres") is { } postgres ? [Path.GetDirectoryName(postgres)!] : Array.Empty<string>();
        return candidates.Concat(onPath).FirstOrDefault(HasPostgres);
    }

    private static bool HasPostgres(string directory) =>
        File.Exists(Path.Combine(directory, "postgres")) && File.Exists(Path.Combine(directory, "initdb"));

    internal static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
