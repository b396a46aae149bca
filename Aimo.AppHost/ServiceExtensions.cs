using Aimo.AppHost.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Aimo.AppHost;

internal static class ServiceExtensions
{
    /// <summary>
    /// What every AIMO service needs: Redis and <c>aimodb</c> connection strings, a migrated schema
    /// before it starts, a <c>/health</c> check the AppHost waits on, and its settings from the AppHost.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAimoData(
        this IResourceBuilder<ProjectResource> service, AimoInfrastructure infrastructure,
        IResourceBuilder<ProjectResource> migrations) =>
        service
            .WithRedis(infrastructure).WaitFor(infrastructure.Redis)
            .WithReference(infrastructure.Database).WaitForCompletion(migrations)
            .WithHttpHealthCheck("/health")
            .WithSettingsFromAppHost();

    /// <summary>The service's own Redis ACL user where there is one (processes mode), else Redis's default user.</summary>
    private static IResourceBuilder<ProjectResource> WithRedis(this IResourceBuilder<ProjectResource> service, AimoInfrastructure infrastructure) =>
        infrastructure.ServiceRedis.TryGetValue(service.Resource.Name, out var connectionString)
            ? service.WithEnvironment($"ConnectionStrings__{infrastructure.Redis.Resource.Name}", connectionString)
                .WithRelationship(infrastructure.Redis.Resource, "Reference")
            : service.WithReference(infrastructure.Redis);

    /// <summary>
    /// Hands the AppHost's <c>Services:&lt;resource&gt;:*</c> configuration to that service as its own
    /// configuration, e.g. <c>--Services:worker:Aimo:Worker:Concurrency=8</c> becomes the worker's
    /// <c>Aimo:Worker:Concurrency</c>. One place to tune any service without editing its appsettings.
    /// </summary>
    public static IResourceBuilder<T> WithSettingsFromAppHost<T>(this IResourceBuilder<T> resource)
        where T : IResourceWithEnvironment
    {
        var section = resource.ApplicationBuilder.Configuration.GetSection($"Services:{resource.Resource.Name}");
        foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true))
        {
            if (value is not null)
            {
                resource.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }
        return resource;
    }
}
