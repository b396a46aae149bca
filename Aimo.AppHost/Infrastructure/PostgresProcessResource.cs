namespace Aimo.AppHost.Infrastructure;

/// <summary>
/// The machine's PostgreSQL server run by the AppHost, with its data in the state folder.
/// The connection string has the same keys as the Postgres container's.
/// </summary>
public sealed class PostgresProcessResource(string name, string command, string workingDirectory, string password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";
    internal const string UserName = "postgres";

    public EndpointReference PrimaryEndpoint => field ??= new(this, EndpointName);

    internal string Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={Password}");
}

/// <summary>A database on a <see cref="PostgresProcessResource"/>; the AppHost creates it when the server is ready.</summary>
public sealed class PostgresProcessDatabaseResource(string name, string databaseName, PostgresProcessResource parent)
    : Resource(name), IResourceWithParent<PostgresProcessResource>, IResourceWithConnectionString
{
    public PostgresProcessResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Parent.ConnectionStringExpression};Database={DatabaseName}");
}
