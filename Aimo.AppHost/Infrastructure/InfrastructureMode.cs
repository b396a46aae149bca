namespace Aimo.AppHost.Infrastructure;

/// <summary>How the AppHost provides Redis and PostgreSQL (setting <c>Aimo:Infrastructure</c>).</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a container runtime answers, else local processes when the binaries exist.</summary>
    Auto,
    /// <summary><c>AddRedis</c>/<c>AddPostgres</c> containers with data volumes. Always used when publishing.</summary>
    Containers,
    /// <summary>The machine's <c>redis-server</c> and PostgreSQL run as executable resources.</summary>
    Processes,
}
