namespace Aimo.Deployment.Tests;

/// <summary>azd finds the AppHost through azure.yaml; without it `azd up` has nothing to deploy.</summary>
public sealed class AzureYamlTests
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "azure.yaml"))
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .ToArray();

    [Fact]
    public void Deploys_the_apphost_as_a_container_app()
    {
        Assert.Contains("name: aimo", Lines);
        Assert.Contains("language: dotnet", Lines);
        Assert.Contains("host: containerapp", Lines);
        Assert.Contains("project: ./Aimo.AppHost/Aimo.AppHost.csproj", Lines);
    }

    [Fact]
    public void Points_at_a_project_that_exists()
    {
        var project = Lines.Single(line => line.StartsWith("project: ", StringComparison.Ordinal))["project: ".Length..];

        Assert.True(File.Exists(Path.Combine(TestPaths.RepositoryRoot, project)), $"{project} does not exist.");
    }
}
