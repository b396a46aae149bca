using System.ClientModel;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace Aimo.LlmSimulator.Tests;

/// <summary>Faults set in configuration (<c>Simulator:Faults</c>) apply from the first request; bad values stop the start.</summary>
public sealed class StartupConfigurationTests
{
    [Fact]
    public async Task Faults_from_configuration_apply_at_start()
    {
        await using var factory = new SimulatorFactory().WithWebHostBuilder(b => b.UseSetting("Simulator:Faults:Http429Probability", "1"));
        var chat = new SimulatorFactory.ClientFor(factory).Create();

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => chat.GetResponseAsync(Prompts.Batch(("s", "github.com", "/")), Prompts.JsonMode));

        Assert.Equal(429, ex.Status);
    }

    [Theory]
    [InlineData("Simulator:Faults:Http500Probability", "2")]
    [InlineData("Simulator:Faults:HangMs", "0")]
    [InlineData("Simulator:Model", "")]
    public void Invalid_configuration_fails_at_start(string key, string value)
    {
        using var factory = new SimulatorFactory().WithWebHostBuilder(b => b.UseSetting(key, value));

        var ex = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(key.Split(':')[^1], ex.Message);
    }
}
