using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Aimo.AppHost.Infrastructure;

internal static class PostgresProcessExtensions
{
    /// <summary>Runs the machine's PostgreSQL with its data in the state folder (<c>initdb</c> on first start).</summary>
    public static IResourceBuilder<PostgresProcessResource> AddPostgresProcess(
        this IDistributedApplicationBuilder builder, string name, string binDirectory, StateDirectory state)
    {
        var password = state.Secret("postgres-password");
        var data = new PostgresDataDirectory(binDirectory, state.Sub("postgres"), ProcessRunner.IsRoot);
        data.EnsureInitialized(password);

        var (command, prefix) = data.Invocation("postgres");
        var resource = new PostgresProcessResource(name, command, state.Root, password);

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => ConnectionString(resource),
            name: healthCheckKey);

        return builder.AddResource(resource)
            .WithEndpoint(PostgresProcessResource.EndpointName, e => e.UriScheme = "tcp")
            .WithArgs(context =>
            {
                foreach (var argument in prefix)
                {
                    context.Args.Add(argument);
                }
                context.Args.Add("-D");
                context.Args.Add(data.DataPath);
                context.Args.Add("-p");
                context.Args.Add(resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("-c");
                context.Args.Add("listen_addresses=127.0.0.1");
                // No Unix socket: its default folder may not exist or belong to another user.
                context.Args.Add("-c");
                context.Args.Add("unix_socket_directories=");
            })
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>
    /// Adds a database that is created when the server is ready (as the Postgres container integration does);
    /// it is healthy once it accepts connections.
    /// </summary>
    public static IResourceBuilder<PostgresProcessDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresProcessResource> server, string name)
    {
        var builder = server.ApplicationBuilder;
        var database = new PostgresProcessDatabaseResource(name, name, server.Resource);

        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (@event, cancellationToken) =>
        {
            await using var connection = new NpgsqlConnection(ConnectionString(server.Resource));
            await connection.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
            {
                Parameters = { new() { Value = database.DatabaseName } },
            };
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.DatabaseName}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            // A database has no process of its own: it is running once it exists; its health check decides readiness.
            await @event.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database,
                snapshot => snapshot with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
        });

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(_ => ConnectionString(database), name: healthCheckKey);

        return builder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new(CustomResourceKnownProperties.Source, server.Resource.Name)],
            })
            .WithHealthCheck(healthCheckKey);
    }

    private static string ConnectionString(IResourceWithConnectionString resource) =>
        resource.ConnectionStringExpression.GetValueAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult()
        ?? throw new InvalidOperationException($"'{resource.Name}' has no connection string yet.");
}
