using Aimo.Worker.Llm;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.BatchApi;

/// <summary>
/// The Batch API is OpenAI's (<c>/v1/files</c>, <c>/v1/batches</c>): switched on for another provider, the worker
/// stops at start with the setting to change, instead of failing every tier C job at the provider.
/// </summary>
public sealed class BatchApiProviderCheck(LlmConnection connection) : IValidateOptions<BatchApiOptions>
{
    public ValidateOptionsResult Validate(string? name, BatchApiOptions options) =>
        !options.Enabled || connection.Provider == LlmProvider.OpenAi
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{BatchApiOptions.SectionName}:Enabled is true, but the llm connection's provider is {connection.Provider}: only OpenAI's "
                + "Batch API is supported. Set it to false (tier C is then classified synchronously).");
}
