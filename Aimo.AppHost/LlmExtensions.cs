using Aimo.Core;
using Aimo.Core.Pricing;
using Microsoft.Extensions.Configuration;

namespace Aimo.AppHost;

internal static class LlmExtensions
{
    /// <summary>Set to false to use the <c>llm</c> connection string (a secret parameter when publishing) instead of <c>llm-sim</c>.</summary>
    public const string UseSimulatorSetting = "Aimo:UseSimulator";

    /// <summary>The model the worker asks the simulator for: <c>aimo-sim-1</c>, or one of the OpenAI models it emulates (e.g. <c>o4-mini</c>).</summary>
    public const string SimulatorModelSetting = "Aimo:SimulatorModel";

    /// <summary>
    /// With a real Azure OpenAI and no key in <c>llm</c>: the worker signs in with the user-assigned managed identity
    /// whose client id is the <c>llm-identity-client-id</c> parameter (the identity needs the role
    /// <i>Cognitive Services OpenAI User</i> on the Azure OpenAI resource; see docs/deploy.md).
    /// </summary>
    public const string ManagedIdentitySetting = "Aimo:LlmManagedIdentity";

    /// <summary>
    /// Which provider the simulator plays and the worker's connection string names: <c>openai</c> (default),
    /// <c>openai-compatible</c>, <c>ollama</c>, <c>azure-openai</c> (classic route, key), <c>azure-openai-v1</c> (v1
    /// route, key) or <c>azure-openai-entra</c> (classic route, no key: the worker signs in with a token stand-in).
    /// </summary>
    public const string SimulatorProviderSetting = "Aimo:SimulatorProvider";

    /// <summary>The Azure deployment name the simulator serves the model under (a deployment is not a model).</summary>
    public const string SimulatorDeployment = "aimo-classify";

    /// <summary>The worker's Batch API switch as the AppHost passes it (<c>--Services:worker:...</c>); unset, it is on with the simulator.</summary>
    public const string BatchApiSetting = "Services:worker:Aimo:Worker:BatchApi:Enabled";

    /// <summary>
    /// Points the worker at the LLM: the <c>llm</c> connection string when configured
    /// (<c>Endpoint=...;Key=...;Model=...</c>, any OpenAI-compatible API), else the <c>llm-sim</c> simulator,
    /// exposed to the worker under the same connection string name so it cannot tell the difference.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLlm(
        this IResourceBuilder<ProjectResource> worker, IDistributedApplicationBuilder builder)
    {
        if (UsesRealLlm(builder.Configuration))
        {
            // In the manifest this is a secret parameter: azd prompts for it and keeps it out of the template.
            worker.WithReference(builder.AddConnectionString(ResourceNames.Llm));
            if (builder.Configuration.GetValue(ManagedIdentitySetting, defaultValue: false))
            {
                // Not a secret: an identity's client id grants nothing without the identity itself.
                worker.WithEnvironment("Aimo__Llm__ManagedIdentityClientId", builder.AddParameter(ResourceNames.LlmIdentityClientId));
            }
            return worker;
        }

        var simulator = builder.AddProject<Projects.Aimo_LlmSimulator>(ResourceNames.LlmSimulator)
            .WithHttpHealthCheck("/health")
            .WithSettingsFromAppHost();
        var endpoint = simulator.GetEndpoint("http");
        var model = builder.Configuration[SimulatorModelSetting] is { Length: > 0 } configured ? configured : PricingOptions.SimulatorModel;
        var provider = builder.Configuration[SimulatorProviderSetting] is { Length: > 0 } named ? named : "openai";
        if (builder.Configuration[BatchApiSetting] is null && provider == "openai")
        {
            // Locally tier C goes through the simulator's Batch API, as it would at half the price at OpenAI.
            worker.WithEnvironment("Aimo__Worker__BatchApi__Enabled", "true");
        }
        var dialect = provider switch
        {
            "openai" or "openai-compatible" => "OpenAi",
            "ollama" => "Ollama",
            "azure-openai" or "azure-openai-v1" or "azure-openai-entra" => "Azure",
            _ => throw new InvalidOperationException(
                $"{SimulatorProviderSetting} '{provider}' is not one of openai, openai-compatible, ollama, azure-openai, azure-openai-v1, azure-openai-entra."),
        };
        simulator.WithEnvironment("Simulator__Dialect", dialect)
            .WithEnvironment($"Simulator__Deployments__{SimulatorDeployment}", model);
        if (provider == "azure-openai-entra")
        {
            worker.WithEnvironment("Aimo__Llm__Credential", "Simulator");
        }
        var connection = provider switch
        {
            "azure-openai" => ReferenceExpression.Create($"Endpoint={endpoint}/;Key=simulator;Deployment={SimulatorDeployment};Model={model};Provider=azure-openai"),
            "azure-openai-v1" => ReferenceExpression.Create($"Endpoint={endpoint}/openai/v1/;Key=simulator;Deployment={SimulatorDeployment};Model={model};Provider=azure-openai"),
            "azure-openai-entra" => ReferenceExpression.Create($"Endpoint={endpoint}/;Deployment={SimulatorDeployment};Model={model};Provider=azure-openai"),
            // Ollama takes no key.
            "ollama" => ReferenceExpression.Create($"Endpoint={endpoint}/v1;Model={model};Provider=ollama"),
            _ => ReferenceExpression.Create($"Endpoint={endpoint}/v1;Key=simulator;Model={model};Provider={provider}"),
        };
        return worker
            .WithReference(simulator)
            .WaitFor(simulator)
            .WithEnvironment($"ConnectionStrings__{ResourceNames.Llm}", connection);
    }

    /// <summary>
    /// A real LLM when the <c>llm</c> connection string is configured, or when <c>Aimo:UseSimulator</c> is false:
    /// the latter lets <c>azd</c> publish a deployment that asks for the connection string without it ever being
    /// on the machine that deploys.
    /// </summary>
    internal static bool UsesRealLlm(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(ResourceNames.Llm))
        || !configuration.GetValue(UseSimulatorSetting, defaultValue: true);
}
