using Aimo.Core.Tokens;
using Aimo.Worker.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;

namespace Aimo.Worker.Tests;

/// <summary>Request options per model family: reasoning models get no temperature and room for reasoning tokens.</summary>
public sealed class ModelRequestTests
{
    private static ModelRequest For(string model, LlmModelOptions? options = null) => new(model, (options ?? new LlmModelOptions()).For(model));

    [Theory]
    [InlineData("o4-mini")]
    [InlineData("o3")]
    [InlineData("gpt-5-mini")]
    [InlineData("gpt-5")]
    public void Reasoning_models_send_no_temperature_a_low_effort_and_output_room_for_reasoning(string model)
    {
        var request = For(model);
        var options = request.Options(10);
        Assert.Null(options.Temperature);
        Assert.Equal(ReasoningEffort.Low, options.Reasoning?.Effort);
        Assert.Equal((10 * 150 * 2) + 256 + 2048, options.MaxOutputTokens);
        Assert.Equal((10 * TokenEstimator.OutputTokensPerSignature) + 2048, request.EstimatedOutputTokens(10));
    }

    [Theory]
    [InlineData("aimo-sim-1")]
    [InlineData("gpt-4o-mini")]
    [InlineData("llama3.1:8b")]
    public void Other_models_send_temperature_zero_and_no_reasoning(string model)
    {
        var options = For(model).Options(5);
        Assert.Equal(0f, options.Temperature);
        Assert.Null(options.Reasoning);
        Assert.Equal(5 * 150, For(model).EstimatedOutputTokens(5));
    }

    [Fact]
    public void Structured_output_is_strict_unless_turned_off()
    {
        Assert.Equal(true, For("gpt-4o-mini").Options(1).AdditionalProperties?["strict"]);
        var lax = new LlmModelOptions();
        lax.Models["my-local"] = new ModelRequestSettings { Temperature = 0.2f, Strict = false };
        var options = For("my-local-7b", lax).Options(1);
        Assert.Null(options.AdditionalProperties);
        Assert.Equal(0.2f, options.Temperature);
    }

    [Fact]
    public void Configuration_overrides_a_family_by_its_longest_prefix()
    {
        var options = new LlmModelOptions();
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Models:o4-mini:ReasoningEffort"] = "High",
            ["Models:o4-mini:ReasoningTokens"] = "8000",
        }).Build().Bind(options);
        Assert.Equal(ReasoningEffort.High, For("o4-mini", options).Options(1).Reasoning?.Effort);
        Assert.Equal(150 + 8000, For("o4-mini-2025-04-16", options).EstimatedOutputTokens(1));
        Assert.Equal(ReasoningEffort.Low, For("o3-mini", options).Options(1).Reasoning?.Effort);
    }
}
