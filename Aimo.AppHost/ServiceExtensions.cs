using Aimo.AppHost.Infrastructure;

namespace Aimo.AppHost;

internal static class ServiceExtensions
{
    /// <summary>
    /// What every AIMO service needs: Redis and <c>aimodb</c> connection strings, a migrated schema
    /// before it starts, and a <c>/health</c> check the AppHost waits on.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAimoData(
        this IResourceBuilder<ProjectResource> service, AimoInfrastructure infrastructure,
        IResourceBuilder<ProjectResource> migrations) =>
        service
            .WithReference(infrastructure.Redis).WaitFor(infrastructure.Redis)
            .WithReference(infrastructure.Database).WaitForCompletion(migrations)
            .WithHttpHealthCheck("/health");
}
