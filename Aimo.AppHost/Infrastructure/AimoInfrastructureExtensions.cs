using Aimo.Core;
using Aimo.Data;
using Microsoft.Extensions.Configuration;

namespace Aimo.AppHost.Infrastructure;

/// <summary>Redis and the <c>aimodb</c> database, however they are provided.</summary>
/// <param name="ServiceRedis">
/// Per service (resource name), the Redis connection string of its own ACL user (processes mode); a service not listed
/// connects as Redis's default user (containers mode).
/// </param>
public sealed record AimoInfrastructure(
    InfrastructureMode Mode,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> Database,
    IReadOnlyDictionary<string, ReferenceExpression> ServiceRedis);

public static class AimoInfrastructureExtensions
{
    public const string ModeSetting = "Aimo:Infrastructure";
    public const string StateDirectorySetting = "Aimo:StateDirectory";

    /// <summary>
    /// Processes mode, for fault injection only: <c>true</c> lets local clients run Redis's <c>DEBUG</c> command (e.g.
    /// <c>DEBUG SLEEP</c>, which the fault checker uses to freeze Redis). Off by default: Redis 7 refuses DEBUG unless
    /// <c>enable-debug-command</c> allows it, and a production Redis should keep refusing it.
    /// </summary>
    public const string RedisDebugCommandSetting = "Aimo:Redis:EnableDebugCommand";

    /// <summary>Adds Redis and PostgreSQL in the mode chosen by <c>Aimo:Infrastructure</c> (see <see cref="InfrastructureModeSelector"/>).</summary>
    public static AimoInfrastructure AddAimoInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var redisOverride = config["Aimo:Processes:RedisServer"];
        var postgresOverride = config["Aimo:Processes:PostgresBinDirectory"];
        InfrastructureProbe? probe = null;
        var mode = InfrastructureModeSelector.Select(
            InfrastructureModeSelector.Parse(config[ModeSetting]),
            builder.ExecutionContext.IsPublishMode,
            () => probe = MachineProbe.Probe(redisOverride, postgresOverride));

        return mode == InfrastructureMode.Containers
            ? AddContainers(builder)
            : AddProcesses(builder, probe!, LocalState(builder));
    }

    /// <summary>Where a local run keeps its data and generated secrets (<c>Aimo:StateDirectory</c>); never used when publishing.</summary>
    internal static StateDirectory LocalState(IDistributedApplicationBuilder builder) =>
        new(builder.Configuration[StateDirectorySetting] ?? DefaultStateDirectory.Choose(builder.AppHostDirectory, ProcessRunner.IsRoot));

    private static AimoInfrastructure AddContainers(IDistributedApplicationBuilder builder)
    {
        // Aspire's default volume name hashes the AppHost's folder, so a deployment from another clone would get
        // new, empty volumes (Azure Files shares); published volumes get names that depend on nothing local.
        var publishing = builder.ExecutionContext.IsPublishMode;
        var redis = builder.AddRedis(ResourceNames.Redis)
            .WithDataVolume(publishing ? $"aimo-{ResourceNames.Redis}-data" : null)
            .WithPersistence()
            .WithAppendOnlyFile();
        var database = builder.AddPostgres(ResourceNames.Postgres)
            .WithDataVolume(publishing ? $"aimo-{ResourceNames.Postgres}-data" : null)
            .AddDatabase(ResourceNames.Database);
        // One default user for every service: per-service ACL users are processes mode only (see README, "Secrets").
        return new(InfrastructureMode.Containers, Generalize(redis), Generalize(database), new Dictionary<string, ReferenceExpression>());
    }

    private static AimoInfrastructure AddProcesses(IDistributedApplicationBuilder builder, InfrastructureProbe probe, StateDirectory state)
    {
        var redis = builder.AddRedisProcess(ResourceNames.Redis, probe.RedisServer!, state, RedisUsers.All,
            builder.Configuration.GetValue(RedisDebugCommandSetting, defaultValue: false));
        var database = builder.AddPostgresProcess(ResourceNames.Postgres, probe.PostgresBinDirectory!, state)
            .AddDatabase(ResourceNames.Database);
        return new(InfrastructureMode.Processes, Generalize(redis), Generalize(database), redis.Resource.ServiceConnectionStrings);
    }

    /// <summary>
    /// The append-only file, fsynced every second (as processes mode runs it): a container restart then loses at most
    /// the last second of writes instead of up to a minute (the snapshot interval) of accepted signatures, acknowledgements
    /// and budget counters. <c>appendfsync always</c> would lose nothing, at a disk write per command; every second is
    /// Redis's recommended trade-off. Aspire starts the container as <c>sh -c "redis-server ..."</c>, so the options
    /// join that one command line.
    /// </summary>
    public static IResourceBuilder<RedisResource> WithAppendOnlyFile(this IResourceBuilder<RedisResource> redis) =>
        redis.WithArgs(context =>
        {
            var last = context.Args.Count - 1;
            if (last < 0 || context.Args[last] is not string command || !command.StartsWith("redis-server", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The Redis container's command line has changed; cannot turn on the append-only file.");
            }
            context.Args[last] = command + " --appendonly yes --appendfsync everysec";
        });

    private static IResourceBuilder<IResourceWithConnectionString> Generalize<T>(IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString =>
        (IResourceBuilder<IResourceWithConnectionString>)builder;
}
