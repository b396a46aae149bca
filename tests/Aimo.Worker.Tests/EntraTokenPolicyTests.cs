using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using Aimo.Worker.Llm;
using Azure.Core;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Aimo.Worker.Tests;

/// <summary>Azure OpenAI without a key: the worker's client asks its credential for a Cognitive Services token and sends it as the bearer.</summary>
public sealed class EntraTokenPolicyTests
{
    private const string Answer = """{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""";

    [Fact]
    public async Task Calls_carry_a_token_for_the_cognitive_services_scope_asked_for_once()
    {
        var (chat, handler, credential) = Client("http://localhost:5103/");

        await chat.GetResponseAsync("one");
        await chat.GetResponseAsync("two");

        Assert.Equal(["Bearer token-1", "Bearer token-1"], handler.Authorizations);
        Assert.Equal([ProviderClient.AzureScope], credential.Scopes);
        Assert.Equal("/openai/deployments/classify-prod/chat/completions?api-version=2024-10-21", handler.PathsAndQueries[0]);
    }

    [Fact]
    public async Task A_token_is_never_sent_in_clear_beyond_loopback()
    {
        var (chat, handler, _) = Client("http://contoso.openai.azure.com/");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => chat.GetResponseAsync("one"));

        Assert.Contains("https", error.Message);
        Assert.Empty(handler.Authorizations);
    }

    private static (IChatClient, RecordingHandler, CountingCredential) Client(string endpoint)
    {
        var handler = new RecordingHandler();
        var credential = new CountingCredential();
        var connection = LlmConnection.Parse($"Endpoint={endpoint};Deployment=classify-prod;Model=gpt-4o-mini;Provider=azure-openai");
        var client = ProviderClient.Create(connection, new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(new HttpClient(handler)),
            RetryPolicy = new ClientRetryPolicy(0),
        }, credential);
        return (client.GetChatClient(connection.Deployment).AsIChatClient(), handler, credential);
    }

    private sealed class CountingCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken($"token-{Scopes.Count}", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<string> Authorizations { get; } = [];
        public List<string> PathsAndQueries { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorizations.Add(request.Headers.Authorization!.ToString());
            PathsAndQueries.Add(request.RequestUri!.PathAndQuery);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Answer, Encoding.UTF8, "application/json") });
        }
    }
}
