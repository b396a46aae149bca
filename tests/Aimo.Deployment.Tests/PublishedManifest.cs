using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Aimo.Deployment.Tests;

/// <summary>
/// The AppHost's manifest, produced the way azd produces it: the built AppHost run with
/// <c>--publisher manifest</c> in the Development environment (the launch profile <c>dotnet run</c> picks),
/// so the local parameter values of appsettings.Development.json are in its configuration.
/// </summary>
internal sealed record PublishedManifest(string Text, JsonObject Resources, string Folder, string StateDirectory)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(90);
    private static readonly ConcurrentDictionary<string, Lazy<Task<PublishedManifest>>> Cache = new();

    /// <summary>Publishes once per set of AppHost arguments, shared by every test that asks for it.</summary>
    public static Task<PublishedManifest> ForAsync(params string[] appHostArgs) =>
        Cache.GetOrAdd(string.Join('\u001f', appHostArgs), _ => new(() => PublishAsync(appHostArgs))).Value;

    public JsonObject Resource(string name) =>
        Resources[name]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"The manifest has no resource '{name}'.");

    /// <summary>A project resource's path, which the manifest gives relative to its own folder.</summary>
    public string ProjectPath(JsonObject project) => Path.GetFullPath(project["path"]!.GetValue<string>(), Folder);

    public IEnumerable<(string Name, JsonObject Resource)> All =>
        Resources.Select(pair => (pair.Key, pair.Value!.AsObject()));

    private static async Task<PublishedManifest> PublishAsync(string[] appHostArgs)
    {
        Assert.True(File.Exists(TestPaths.AppHostAssembly), $"Build the AppHost first: {TestPaths.AppHostAssembly} is missing.");
        var folder = Directory.CreateTempSubdirectory("aimo-manifest-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        var output = Path.Combine(folder, "aspire-manifest.json");
        // Would be created by process mode (initdb, passwords); publishing must never get there.
        var state = Path.Combine(folder, "state");

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestPaths.AppHostDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[TestPaths.AppHostAssembly, "--publisher", "manifest", "--output-path", output,
                     $"--Aimo:StateDirectory={state}", .. appHostArgs])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        // Settings of the machine running the tests must not decide what the manifest holds.
        foreach (var inherited in new[] { "ConnectionStrings__llm", "Aimo__UseSimulator", "Aimo__Infrastructure", "Aimo__WorkerReplicas" })
        {
            start.Environment.Remove(inherited);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The AppHost did not write its manifest within {PublishTimeout}.");
        }

        Assert.True(process.ExitCode == 0 && File.Exists(output),
            $"Publishing failed (exit {process.ExitCode}):\n{await stdout}\n{await stderr}");
        var text = await File.ReadAllTextAsync(output);
        var resources = JsonNode.Parse(text)!["resources"]!.AsObject();
        return new(text, resources, folder, state);
    }
}
