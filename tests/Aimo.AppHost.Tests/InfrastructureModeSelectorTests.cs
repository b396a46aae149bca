using Aimo.AppHost.Infrastructure;

namespace Aimo.AppHost.Tests;

public sealed class InfrastructureModeSelectorTests
{
    private static readonly InfrastructureProbe Everything = new(true, "/usr/bin/redis-server", "/usr/lib/postgresql/15/bin");
    private static readonly InfrastructureProbe BinariesOnly = Everything with { ContainerRuntimeAnswers = false };
    private static readonly InfrastructureProbe Nothing = new(false, null, null);

    [Fact]
    public void Auto_uses_containers_when_a_container_runtime_answers() =>
        Assert.Equal(InfrastructureMode.Containers, Select(InfrastructureMode.Auto, Everything));

    [Fact]
    public void Auto_uses_processes_when_no_runtime_answers_but_the_binaries_exist() =>
        Assert.Equal(InfrastructureMode.Processes, Select(InfrastructureMode.Auto, BinariesOnly));

    [Fact]
    public void Processes_is_used_even_when_a_container_runtime_answers() =>
        Assert.Equal(InfrastructureMode.Processes, Select(InfrastructureMode.Processes, Everything));

    [Fact]
    public void Containers_and_publish_mode_never_probe_the_machine()
    {
        var probed = false;
        InfrastructureProbe Probe()
        {
            probed = true;
            return Nothing;
        }
        Assert.Equal(InfrastructureMode.Containers, InfrastructureModeSelector.Select(InfrastructureMode.Containers, false, Probe));
        Assert.Equal(InfrastructureMode.Containers, InfrastructureModeSelector.Select(InfrastructureMode.Processes, true, Probe));
        Assert.Equal(InfrastructureMode.Containers, InfrastructureModeSelector.Select(InfrastructureMode.Auto, true, Probe));
        Assert.False(probed);
    }

    [Fact]
    public void Auto_with_nothing_available_names_everything_to_install()
    {
        var error = Assert.Throws<InfrastructureUnavailableException>(() => Select(InfrastructureMode.Auto, Nothing));
        Assert.Contains("no container runtime answered", error.Message);
        Assert.Contains("'redis-server'", error.Message);
        Assert.Contains("PostgreSQL", error.Message);
        Assert.Contains("apt-get install -y redis-server postgresql", error.Message);
    }

    [Fact]
    public void Processes_without_redis_names_only_redis()
    {
        var error = Assert.Throws<InfrastructureUnavailableException>(() =>
            Select(InfrastructureMode.Processes, BinariesOnly with { RedisServer = null }));
        Assert.Contains("'redis-server' was not found", error.Message);
        Assert.DoesNotContain("PostgreSQL (", error.Message);
        Assert.Contains("Aimo:Infrastructure is 'processes'", error.Message);
    }

    [Theory]
    [InlineData(null, InfrastructureMode.Auto)]
    [InlineData("", InfrastructureMode.Auto)]
    [InlineData("AUTO", InfrastructureMode.Auto)]
    [InlineData("containers", InfrastructureMode.Containers)]
    [InlineData("Processes", InfrastructureMode.Processes)]
    public void Parse_accepts_the_documented_values_in_any_case(string? value, InfrastructureMode expected) =>
        Assert.Equal(expected, InfrastructureModeSelector.Parse(value));

    [Theory]
    [InlineData("docker")]
    [InlineData("7")]
    public void Parse_rejects_anything_else_with_the_allowed_values(string value)
    {
        var error = Assert.Throws<InfrastructureUnavailableException>(() => InfrastructureModeSelector.Parse(value));
        Assert.Contains("auto, containers, processes", error.Message);
    }

    private static InfrastructureMode Select(InfrastructureMode configured, InfrastructureProbe probe) =>
        InfrastructureModeSelector.Select(configured, isPublishMode: false, () => probe);
}
