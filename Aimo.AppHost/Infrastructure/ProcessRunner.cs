using System.Diagnostics;

namespace Aimo.AppHost.Infrastructure;

/// <summary>Runs a short set-up command (initdb, chown) to completion before the app model is built.</summary>
internal static class ProcessRunner
{
    public static void Run(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)
            ?? throw new InfrastructureUnavailableException($"Could not start '{fileName}'.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InfrastructureUnavailableException(
                $"'{fileName} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {error.Result}{output.Result}");
        }
    }

    public static bool IsRoot => Environment.UserName == "root";
}
