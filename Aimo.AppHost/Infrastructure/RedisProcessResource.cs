namespace Aimo.AppHost.Infrastructure;

/// <summary>
/// The machine's <c>redis-server</c> run by the AppHost. Its connection string has the same shape as the
/// Redis container's (<c>host:port,password=...</c>), so services cannot tell the two apart.
/// </summary>
public sealed class RedisProcessResource(string name, string command, string workingDirectory, string password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    public EndpointReference PrimaryEndpoint => field ??= new(this, EndpointName);

    internal string Password { get; } = password;

    /// <summary>The default user's: the AppHost's health check, tests and operators' tools, not the services.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={Password}");

    /// <summary>Per service (resource name): the connection string of its own ACL user (see <c>RedisUsers</c>).</summary>
    public IReadOnlyDictionary<string, ReferenceExpression> ServiceConnectionStrings => _services;

    private readonly Dictionary<string, ReferenceExpression> _services = [];

    internal void AddUser(string user, string password) => _services[user] = ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},user={user},password={password}");
}
