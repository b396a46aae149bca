using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.Core;
using Azure.Identity;
using OpenAI;

namespace Aimo.Worker.Llm;

/// <summary>
/// The OpenAI library's client for the connection's provider. Azure OpenAI is reached with the same client: its v1
/// endpoint takes OpenAI's routes, and its classic one (<c>/openai/deployments/{name}/...</c>) only needs the
/// deployment in the path and an <c>api-version</c> query (<see cref="AzureApiVersionPolicy"/>). Azure authenticates
/// with the <c>api-key</c> header, or with no key an Entra ID token for Cognitive Services.
/// </summary>
public static class ProviderClient
{
    /// <summary>The scope of an Entra ID token for Azure OpenAI (role <i>Cognitive Services OpenAI User</i>).</summary>
    public const string AzureScope = "https://cognitiveservices.azure.com/.default";

    /// <param name="credential">The Entra ID credential when the connection has no Azure key; null takes <see cref="DefaultAzureCredential"/>.</param>
    public static OpenAIClient Create(LlmConnection connection, OpenAIClientOptions options, TokenCredential? credential = null)
    {
        options.Endpoint = EndpointOf(connection);
        if (connection.Provider != LlmProvider.AzureOpenAi)
        {
            return new OpenAIClient(new ApiKeyCredential(connection.Key), options);
        }
        if (!connection.IsAzureV1)
        {
            options.AddPolicy(new AzureApiVersionPolicy(connection.ApiVersion), PipelinePosition.PerCall);
        }
        AuthenticationPolicy authentication = connection.UsesEntraId
            ? new EntraTokenPolicy(credential ?? new DefaultAzureCredential(), AzureScope)
            : ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(new ApiKeyCredential(connection.Key), "api-key");
        // Experimental in the OpenAI library, but the documented way to pass Azure's header or an Entra token.
#pragma warning disable OPENAI001
        return new OpenAIClient(authentication, options);
#pragma warning restore OPENAI001
    }

    /// <summary>Where the client appends <c>/chat/completions</c>: the classic Azure route names the deployment.</summary>
    public static Uri EndpointOf(LlmConnection connection)
    {
        var endpoint = connection.Endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (connection.Provider != LlmProvider.AzureOpenAi || connection.IsAzureV1)
        {
            return new Uri(endpoint);
        }
        if (!endpoint.EndsWith("/openai", StringComparison.OrdinalIgnoreCase))
        {
            endpoint += "/openai";
        }
        return new Uri($"{endpoint}/deployments/{Uri.EscapeDataString(connection.Deployment)}");
    }
}
