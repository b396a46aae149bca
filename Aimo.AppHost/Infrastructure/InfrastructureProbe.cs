namespace Aimo.AppHost.Infrastructure;

/// <summary>What the machine offers, as found by <see cref="MachineProbe"/>.</summary>
/// <param name="ContainerRuntimeAnswers">A container engine answered (<c>docker info</c> succeeded), not just a client on PATH.</param>
/// <param name="RedisServer">Path of <c>redis-server</c>, or null when not found.</param>
/// <param name="PostgresBinDirectory">Folder holding <c>postgres</c> and <c>initdb</c>, or null when not found.</param>
public sealed record InfrastructureProbe(bool ContainerRuntimeAnswers, string? RedisServer, string? PostgresBinDirectory);
