using Aimo.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Aimo.AppHost.Infrastructure;

internal static class RedisProcessExtensions
{
    /// <summary>Runs <c>redis-server</c> with append-only persistence, its data in the state folder.</summary>
    /// <param name="allowDebugCommand">Lets local clients run <c>DEBUG</c> (fault injection only; see <c>AimoInfrastructureExtensions.RedisDebugCommandSetting</c>).</param>
    /// <param name="users">The services' ACL users, each with a generated password kept in the state folder.</param>
    public static IResourceBuilder<RedisProcessResource> AddRedisProcess(
        this IDistributedApplicationBuilder builder, string name, string redisServer, StateDirectory state,
        IReadOnlyList<RedisUser> users, bool allowDebugCommand = false)
    {
        var dataDirectory = state.Sub("redis");
        var resource = new RedisProcessResource(name, redisServer, dataDirectory, state.Secret("redis-password"));
        var passwords = users.Select(user => (User: user, Password: state.Secret($"redis-{user.Name}-password"))).ToList();
        foreach (var (user, password) in passwords)
        {
            resource.AddUser(user.Name, password);
        }
        var configFile = RedisConfigFile.Write(Path.Combine(state.Secrets(), RedisConfigFile.FileName), resource.Password, passwords);

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => resource.ConnectionStringExpression.GetValueAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult()!,
            name: healthCheckKey);

        return builder.AddResource(resource)
            .WithEndpoint(RedisProcessResource.EndpointName, e => e.UriScheme = "tcp")
            .WithArgs(context =>
            {
                // The password is in the config file (mode 0600), not on the command line; the file must come first.
                context.Args.Add(configFile);
                context.Args.Add("--port");
                context.Args.Add(resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--dir");
                context.Args.Add(dataDirectory);
                // AOF: every acknowledged XADD survives a crash or restart of the AppHost.
                context.Args.Add("--appendonly");
                context.Args.Add("yes");
                context.Args.Add("--appendfsync");
                context.Args.Add("everysec");
                if (allowDebugCommand)
                {
                    context.Args.Add("--enable-debug-command");
                    context.Args.Add("local");
                }
            })
            .WithHealthCheck(healthCheckKey);
    }
}
