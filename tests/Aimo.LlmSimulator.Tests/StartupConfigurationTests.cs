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
    [InlineData("Simulator:Faults:Http500Probability", "2", "Http500Probability")]
    [InlineData("Simulator:Faults:HangMs", "0", "HangMs")]
    [InlineData("Simulator:Faults:RetryAfterSeconds", "0", "RetryAfterSeconds")]
    [InlineData("Simulator:Models:0:Name", "", "Name is required")]
    [InlineData("Simulator:Limits:RequestsPerMinute", "-1", "RequestsPerMinute")]
    [InlineData("Simulator:ReasoningTokens:Low", "-1", "Low")]
    [InlineData("Simulator:Batch:SecondsPerState", "0", "SecondsPerState")]
    [InlineData("Simulator:Batch:LineErrorRate", "1.5", "LineErrorRate")]
    public void Invalid_configuration_fails_at_start(string key, string value, string named)
    {
        var ex = StartFailure(b => b.UseSetting(key, value));

        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public void A_model_that_is_not_a_reasoning_model_cannot_list_reasoning_efforts()
    {
        var ex = StartFailure(b => b
            .UseSetting("Simulator:Models:0:Name", "my-model")
            .UseSetting("Simulator:Models:0:ReasoningEfforts:0", "low"));

        Assert.Contains("'my-model' is not a reasoning model", ex.Message);
    }

    [Fact]
    public async Task Configured_models_replace_the_defaults()
    {
        await using var factory = new SimulatorFactory().WithWebHostBuilder(b => b
            .UseSetting("Simulator:Models:0:Name", "gpt-4.1-nano")
            .UseSetting("Simulator:Models:1:Name", "o3")
            .UseSetting("Simulator:Models:1:Reasoning", "true"));
        using var http = new SimulatorFactory.ClientFor(factory).Http();

        var models = await (await http.GetAsync("/v1/models")).JsonAsync();
        var o3 = await http.PostChatAsync(Wire.Request(model: "o3", extra: ",\"temperature\":0.2"));
        var old = await http.PostChatAsync(Wire.Request(model: SimulatorFactory.Model));

        Assert.Equal(["gpt-4.1-nano", "o3"], models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("unsupported_value", (await o3.ErrorAsync()).Code);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, old.StatusCode);
    }

    /// <summary>
    /// Starts the simulator with <paramref name="configure"/> and returns the validation error that stopped it. When the
    /// start fails, WebApplicationFactory's deferred host now and then touches the host's services after Program's
    /// thread disposed them (dotnet/aspnetcore#33494): an ObjectDisposedException that hides the error. Another start
    /// then shows it; any other outcome fails the test.
    /// </summary>
    private static OptionsValidationException StartFailure(Action<IWebHostBuilder> configure)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var factory = new SimulatorFactory().WithWebHostBuilder(configure);
            try
            {
                factory.CreateClient().Dispose();
            }
            catch (OptionsValidationException ex)
            {
                return ex;
            }
            catch (ObjectDisposedException) when (attempt < 5)
            {
                continue;
            }
            Assert.Fail("the simulator started with an invalid configuration");
        }
    }
}
