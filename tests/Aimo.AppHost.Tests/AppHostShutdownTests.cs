using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Aimo.Core;

namespace Aimo.AppHost.Tests;

/// <summary>
/// Ctrl+C stops the AppHost. Started the way a script or CI step starts <c>./run.sh &amp;</c> — with SIGINT inherited
/// as "ignored" — the AppHost used to keep running after SIGINT (only SIGTERM stopped it).
/// </summary>
public sealed class AppHostShutdownTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sigint_stops_the_apphost_and_its_processes_even_when_it_inherited_sigint_ignored()
    {
        var state = AimoStack.NewStateDirectory();
        using var apphost = Start(state);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        apphost.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            output.Enqueue(e.Data);
            if (e.Data.Contains("Distributed application started", StringComparison.Ordinal)) started.TrySetResult();
        };
        apphost.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        apphost.BeginOutputReadLine();
        apphost.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(StartTimeout);
            // Redis and PostgreSQL are up (they are what must not outlive the AppHost).
            await Wait.ForAsync(() => Task.FromResult(ProcessesUsing(state)), p => p.Count >= 2, StartTimeout,
                p => $"redis-server and postgres of the AppHost (running: {string.Join("; ", p)}). Output:\n{string.Join('\n', output.TakeLast(30))}");

            using (var kill = Process.Start("kill", ["-INT", apphost.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var stop = new CancellationTokenSource(StopTimeout);
            try
            {
                await apphost.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The AppHost was still running {StopTimeout.TotalSeconds} s after SIGINT. Output:\n{string.Join('\n', output.TakeLast(30))}");
            }
            await Wait.UntilAsync(() => Task.FromResult(ProcessesUsing(state).Count == 0), StopTimeout,
                $"the AppHost's processes to stop after it exited: {string.Join("; ", ProcessesUsing(state))}");
        }
        finally
        {
            if (!apphost.HasExited) apphost.Kill(entireProcessTree: true);
            foreach (var pid in ProcessesUsing(state).Select(p => int.Parse(p.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)))
            {
                try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
            }
            try { Directory.Delete(state, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The built AppHost under <c>sh -c "trap '' INT; exec ..."</c>: exactly what a non-interactive shell does to a background job.</summary>
    private static Process Start(string state)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(AppHostDll())!,
        };
        foreach (var argument in (string[])
                 [
                     "-c", "trap '' INT; exec dotnet \"$@\"", "sh", AppHostDll(),
                     "--Aimo:Infrastructure=processes", $"--Aimo:StateDirectory={state}", "--DcpPublisher:RandomizePorts=true",
                     $"--Parameters:{ResourceNames.IngestApiKey}={AimoStack.IngestApiKey}", $"--Parameters:{ResourceNames.OperatorApiKey}={AimoStack.OperatorApiKey}",
                     $"--Parameters:{ResourceNames.AdminOperators}={OperatorLogin.Entries(AimoStack.Alice, AimoStack.Bob)}",
                 ])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort()}";
        start.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort()}";
        return Process.Start(start)!;
    }

    /// <summary>The AppHost as built next to its project, in this test run's configuration (…/bin/Debug/net10.0/).</summary>
    private static string AppHostDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
        var path = Projects.Aimo_AppHost.ProjectPath;
        var project = path.EndsWith(".csproj", StringComparison.Ordinal) ? Path.GetDirectoryName(path)! : path;
        var dll = Path.Combine(project, "bin", configuration, framework, "Aimo.AppHost.dll");
        Assert.True(File.Exists(dll), $"Build the AppHost first: {dll} is missing.");
        return dll;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// "pid command line" of every process working in the state folder: redis-server and PostgreSQL change into their
    /// data folders (and rewrite their command lines, so those cannot be matched).
    /// </summary>
    private static List<string> ProcessesUsing(string state) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsDigit))
            .Select(pid =>
            {
                try
                {
                    var cwd = new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(returnFinalTarget: false)?.FullName;
                    return cwd is not null && (cwd == state || cwd.StartsWith(state + "/", StringComparison.Ordinal))
                        ? $"{pid} {File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ')}"
                        : null;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return null; // gone meanwhile, or not ours to look at
                }
            })
            .OfType<string>()
            .ToList();
}
