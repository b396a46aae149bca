using Aimo.Core;
using Microsoft.Extensions.Configuration;

namespace Aimo.AppHost;

internal static class LlmExtensions
{
    /// <summary>The model the simulator answers as; priced in Aimo.Core so budgets work locally.</summary>
    public const string SimulatorModel = "aimo-sim-1";

    /// <summary>
    /// Points the worker at the LLM: the <c>llm</c> connection string when configured
    /// (<c>Endpoint=...;Key=...;Model=...</c>, any OpenAI-compatible API), else the <c>llm-sim</c> simulator,
    /// exposed to the worker under the same connection string name so it cannot tell the difference.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLlm(
        this IResourceBuilder<ProjectResource> worker, IDistributedApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ResourceNames.Llm)))
        {
            return worker.WithReference(builder.AddConnectionString(ResourceNames.Llm));
        }

        var simulator = builder.AddProject<Projects.Aimo_LlmSimulator>(ResourceNames.LlmSimulator)
            .WithHttpHealthCheck("/health");
        var endpoint = simulator.GetEndpoint("http");
        return worker
            .WithReference(simulator)
            .WaitFor(simulator)
            .WithEnvironment($"ConnectionStrings__{ResourceNames.Llm}",
                ReferenceExpression.Create($"Endpoint={endpoint}/v1;Key=simulator;Model={SimulatorModel}"));
    }
}
