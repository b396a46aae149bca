using System.ClientModel;
using System.Text.Json;
using Aimo.Core.Classification;
using Aimo.Core.Prompting;
using Microsoft.Extensions.AI;

namespace Aimo.LlmSimulator.Tests;

/// <summary>
/// The worker's real requests, through the client it uses (OpenAI SDK + Microsoft.Extensions.AI), including
/// strict structured output and reasoning models; each test also pins what the client puts on the wire.
/// </summary>
public sealed class WorkerRequestTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>, IAsyncLifetime
{
    private static readonly List<ChatMessage> Batch = Prompts.Batch(("sig_1", "api.openai.com", "/v1/chat/completions"), ("sig_2", "github.com", "/"));

    public Task InitializeAsync() => factory.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_local_model_with_temperature_0_and_a_strict_schema_answers_a_valid_classification()
    {
        var capture = new RequestCapture();
        var chat = new SimulatorFactory.ClientFor(factory).Create(handlers: capture);

        var response = await chat.GetResponseAsync(Batch, Prompts.StrictSchemaMode(SimulatorFactory.Model));

        Assert.Equal(["sig_1", "sig_2"], Prompts.Parse(response.Text).Results.Select(r => r.Id));
        Assert.Equal(Category.AiService, Prompts.Parse(response.Text).Results[0].Category);
        var format = capture.Last.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.True(format.GetProperty("json_schema").GetProperty("strict").GetBoolean());
        Assert.Equal(ClassificationSchema.Name, format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.Equal(0, capture.Last.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task A_reasoning_model_given_temperature_0_is_refused_with_unsupported_value()
    {
        var options = Prompts.StrictSchemaMode("o4-mini");
        options.Temperature = 0;

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => factory.CreateChatClient(model: "o4-mini").GetResponseAsync(Batch, options));

        Assert.Equal(400, ex.Status);
        var error = ErrorOf(ex);
        Assert.Equal(("invalid_request_error", "temperature", "unsupported_value"), (error.Type, error.Param, error.Code));
        Assert.Equal("Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.", error.Message);
    }

    [Fact]
    public async Task A_reasoning_model_without_temperature_and_with_low_effort_answers_and_reports_reasoning_tokens()
    {
        var capture = new RequestCapture();
        var chat = new SimulatorFactory.ClientFor(factory).Create(model: "o4-mini", handlers: capture);
        var options = Prompts.StrictSchemaMode("o4-mini");
        options.Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low };
        options.MaxOutputTokens = 4000;

        var response = await chat.GetResponseAsync(Batch, options);

        Assert.Equal(2, Prompts.Parse(response.Text).Results.Count);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(256, response.Usage!.ReasoningTokenCount);
        Assert.True(response.Usage.OutputTokenCount > 256, "completion tokens include the reasoning tokens and the answer");
        Assert.Equal("low", capture.Last.GetProperty("reasoning_effort").GetString());
        Assert.Equal(4000, capture.Last.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(capture.Last.TryGetProperty("temperature", out _));
        Assert.False(capture.Last.TryGetProperty("max_tokens", out _));
    }

    [Fact]
    public async Task An_effort_that_ChatOptions_cannot_name_goes_through_the_raw_representation_factory()
    {
        // Microsoft.Extensions.AI 10.11's ReasoningEffort has no "minimal"; the OpenAI SDK's options do.
        var capture = new RequestCapture();
        var chat = new SimulatorFactory.ClientFor(factory).Create(model: "gpt-5-mini", handlers: capture);
        var options = Prompts.StrictSchemaMode("gpt-5-mini");
#pragma warning disable OPENAI001 // ReasoningEffortLevel is marked experimental in the OpenAI SDK
        options.RawRepresentationFactory = _ => new OpenAI.Chat.ChatCompletionOptions { ReasoningEffortLevel = new OpenAI.Chat.ChatReasoningEffortLevel("minimal") };
#pragma warning restore OPENAI001

        var response = await chat.GetResponseAsync(Batch, options);

        Assert.Equal(2, Prompts.Parse(response.Text).Results.Count);
        Assert.Equal(0, response.Usage!.ReasoningTokenCount);
        Assert.Equal("minimal", capture.Last.GetProperty("reasoning_effort").GetString());
        Assert.True(capture.Last.GetProperty("response_format").GetProperty("json_schema").GetProperty("strict").GetBoolean());
    }

    [Fact]
    public async Task The_workers_current_options_without_strict_are_accepted_and_send_no_strict_flag()
    {
        var capture = new RequestCapture();
        var chat = new SimulatorFactory.ClientFor(factory).Create(handlers: capture);

        var response = await chat.GetResponseAsync(Batch, Prompts.SchemaMode);

        Assert.Equal(2, Prompts.Parse(response.Text).Results.Count);
        Assert.False(capture.Last.GetProperty("response_format").GetProperty("json_schema").TryGetProperty("strict", out _));
    }

    [Fact]
    public void The_classification_schema_itself_passes_the_strict_check()
    {
        // What the worker sends is MEAI's strict transform of it; a client that sends the schema as it is must pass too.
        Assert.Null(Aimo.LlmSimulator.Validation.StrictSchemaChecker.Problem(ClassificationSchema.Name, ClassificationSchema.Json));
    }

    private static (string Message, string Type, string? Param, string? Code) ErrorOf(ClientResultException ex)
    {
        var error = JsonDocument.Parse(ex.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");
        return (error.GetProperty("message").GetString()!, error.GetProperty("type").GetString()!,
            error.GetProperty("param").GetString(), error.GetProperty("code").GetString());
    }
}
