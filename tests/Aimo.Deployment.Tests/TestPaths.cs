using System.Reflection;

namespace Aimo.Deployment.Tests;

/// <summary>Where the repository and the built AppHost are; fixed at build time by the project file.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string AppHostAssembly { get; } = Metadata("AppHostAssembly");

    public static string AppHostDirectory => Path.Combine(RepositoryRoot, "Aimo.AppHost");

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value!;
}
