using System.Globalization;
using Aimo.LlmSimulator.Models;
using Aimo.LlmSimulator.OpenAi;

namespace Aimo.LlmSimulator.Validation;

/// <summary>
/// The real API's rules for a well-typed chat request: required parameters, ranges, the response format, the
/// model, and what reasoning models refuse. The first broken rule answers, as with the real API.
/// </summary>
public sealed class ChatRequestValidator(ModelCatalog models)
{
    // The spec's maximum for n (CreateChatCompletionRequest.n).
    private const int MaxChoices = 128;

    public (SimulatedModel? Model, SimulatedOutcome.Error? Error) Validate(ChatCompletionRequest request)
    {
        if (GeneralProblem(request) is { } problem) return (null, BadRequest(problem));
        var model = models.Find(request.Model);
        if (model is null) return (null, new SimulatedOutcome.Error(404, OpenAiErrors.ModelNotFound(request.Model!)));
        return ModelProblem(request, model) is { } refused ? (null, BadRequest(refused)) : (model, null);
    }

    private static SimulatedOutcome.Error BadRequest(OpenAiErrorResponse body) => new(400, body);

    private static OpenAiErrorResponse? GeneralProblem(ChatCompletionRequest request)
    {
        if (string.IsNullOrEmpty(request.Model)) return ParameterErrors.ModelMissing();
        if (request.Messages is null) return ParameterErrors.Missing("messages");
        if (request.Messages.Count == 0) return ParameterErrors.EmptyArray("messages");
        return Range("temperature", request.Temperature, 0, 2)
            ?? Range("top_p", request.TopP, 0, 1)
            ?? Range("n", request.N, 1, MaxChoices)
            ?? Range("max_tokens", request.MaxTokens, 1, null)
            ?? Range("max_completion_tokens", request.MaxCompletionTokens, 1, null)
            ?? (request.StreamOptions is not null && request.Stream != true ? ParameterErrors.StreamOptionsWithoutStream() : null)
            ?? ResponseFormatRules.Problem(request.ResponseFormat);
    }

    private static OpenAiErrorResponse? Range(string param, double? value, double min, double? max) =>
        value switch
        {
            null => null,
            var v when v < min => ParameterErrors.BelowMinimum(param, "decimal", Text(min), Text(v.Value)),
            var v when v > max => ParameterErrors.AboveMaximum(param, "decimal", Text(max.Value), Text(v.Value)),
            _ => null,
        };

    private static OpenAiErrorResponse? Range(string param, int? value, int min, int? max) =>
        value switch
        {
            null => null,
            var v when v < min => ParameterErrors.BelowMinimum(param, "integer", Text(min), Text(v.Value)),
            var v when v > max => ParameterErrors.AboveMaximum(param, "integer", Text(max.Value), Text(v.Value)),
            _ => null,
        };

    private static OpenAiErrorResponse? ModelProblem(ChatCompletionRequest request, SimulatedModel model)
    {
        var effort = request.ReasoningEffort;
        if (!model.Reasoning)
            return effort is null ? null : ParameterErrors.UnsupportedParameter("reasoning_effort");

        if (request.Temperature is { } temperature && temperature != 1)
            return ParameterErrors.UnsupportedValue("temperature", Text(temperature), "Only the default (1) value is supported.");
        if (request.MaxTokens is not null)
            return ParameterErrors.UnsupportedParameter("max_tokens", instead: "max_completion_tokens");
        if (effort is null) return null;
        if (!ReasoningEffort.All.Contains(effort))
            return ParameterErrors.InvalidValue("reasoning_effort", effort, ReasoningEffort.All);
        return model.SupportedEfforts.Contains(effort)
            ? null
            : ParameterErrors.UnsupportedValue("reasoning_effort", $"'{effort}'", $"Supported values are: {ParameterErrors.Quoted(model.SupportedEfforts)}.");
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
