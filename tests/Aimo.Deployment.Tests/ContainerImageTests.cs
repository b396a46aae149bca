using System.Diagnostics;
using System.Text.Json.Nodes;
using static Aimo.Deployment.Tests.ManifestAssertions;

namespace Aimo.Deployment.Tests;

/// <summary>
/// azd builds every project of the manifest with <c>dotnet publish -t:PublishContainer</c> (no Dockerfiles), so each
/// one must have the SDK's container support switched on. Checked by evaluating the projects, not by building images.
/// </summary>
public sealed class ContainerImageTests
{
    private static readonly TimeSpan EvaluationTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Every_deployed_project_builds_as_a_container_image()
    {
        var manifest = await PublishedManifest.ForAsync();
        var projects = manifest.All.Where(r => ProjectTypes.Contains(r.Resource.Type())).ToList();
        Assert.NotEmpty(projects);

        foreach (var (name, resource) in projects)
        {
            var path = manifest.ProjectPath(resource);
            var properties = await EvaluateAsync(path, "EnableSdkContainerSupport", "IsPublishable", "ContainerRepository");

            Assert.True(properties["EnableSdkContainerSupport"] == "true", $"'{name}' ({path}) has no SDK container support.");
            Assert.True(properties["IsPublishable"] == "true", $"'{name}' is not publishable.");
            Assert.Equal($"aimo-{name}", properties["ContainerRepository"]);
        }
    }

    private static async Task<Dictionary<string, string>> EvaluateAsync(string project, params string[] names)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("msbuild");
        start.ArgumentList.Add(project);
        start.ArgumentList.Add("-nologo");
        foreach (var name in names)
        {
            start.ArgumentList.Add($"-getProperty:{name}");
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(EvaluationTimeout);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"Evaluating {project} failed:\n{await stdout}\n{await stderr}");

        var properties = JsonNode.Parse(await stdout)!["Properties"]!.AsObject();
        return properties.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
    }
}
