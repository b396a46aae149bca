namespace Aimo.AppHost.Infrastructure;

/// <summary>Turns the configured <see cref="InfrastructureMode"/> and what the machine offers into the mode to run.</summary>
public static class InfrastructureModeSelector
{
    public static InfrastructureMode Parse(string? configured) =>
        string.IsNullOrWhiteSpace(configured) ? InfrastructureMode.Auto
        : Enum.TryParse<InfrastructureMode>(configured, ignoreCase: true, out var mode) && Enum.IsDefined(mode) ? mode
        : throw new InfrastructureUnavailableException(
            $"Aimo:Infrastructure is '{configured}'; use one of: auto, containers, processes.");

    /// <summary>
    /// Returns <see cref="InfrastructureMode.Containers"/> or <see cref="InfrastructureMode.Processes"/>,
    /// or throws <see cref="InfrastructureUnavailableException"/> with one message that says what to install.
    /// </summary>
    /// <param name="probe">Called only when the answer depends on the machine (it runs <c>docker info</c>).</param>
    public static InfrastructureMode Select(InfrastructureMode configured, bool isPublishMode, Func<InfrastructureProbe> probe)
    {
        // Publishing describes the cloud deployment, where the machine running azd is irrelevant.
        if (isPublishMode || configured == InfrastructureMode.Containers)
        {
            return InfrastructureMode.Containers;
        }

        var found = probe();
        if (configured == InfrastructureMode.Auto && found.ContainerRuntimeAnswers)
        {
            return InfrastructureMode.Containers;
        }

        var missing = MissingBinaries(found);
        if (missing.Count == 0)
        {
            return InfrastructureMode.Processes;
        }

        var why = configured == InfrastructureMode.Processes
            ? "Aimo:Infrastructure is 'processes'"
            : "no container runtime answered ('docker info' failed)";
        throw new InfrastructureUnavailableException(
            $"AIMO needs Redis and PostgreSQL, but {why} and {string.Join(" and ", missing)} not found. " +
            "Install them (Debian/Ubuntu, as root: apt-get install -y redis-server postgresql), " +
            "or start Docker/Podman and use Aimo:Infrastructure=containers.");
    }

    private static List<string> MissingBinaries(InfrastructureProbe found)
    {
        var missing = new List<string>();
        if (found.RedisServer is null)
        {
            missing.Add("'redis-server' was");
        }
        if (found.PostgresBinDirectory is null)
        {
            missing.Add("PostgreSQL ('postgres' and 'initdb') was");
        }
        return missing;
    }
}

/// <summary>Redis or PostgreSQL cannot be provided on this machine; the message says what to do.</summary>
public sealed class InfrastructureUnavailableException(string message) : Exception(message);
