using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Aimo.LlmSimulator.Tests;

/// <summary>Hosts the simulator in memory; clients are the real OpenAI SDK behind Microsoft.Extensions.AI.</summary>
public sealed class SimulatorFactory : WebApplicationFactory<Program>
{
    public const string Model = "aimo-sim-1";
    public const string ApiKey = "sk-test-key-0123456789";
    public const int RetryAfterSeconds = 7;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Simulator:Faults:RetryAfterSeconds", RetryAfterSeconds.ToString());
        builder.UseSetting("Simulator:Faults:HangMs", "60000");
    }

    /// <summary>
    /// The same construction the worker uses, with the SDK's own retries off, so each injected fault
    /// reaches the test exactly once.
    /// </summary>
    public IChatClient CreateChatClient(TimeSpan? networkTimeout = null, string model = Model) =>
        new ClientFor(this).Create(networkTimeout, model);

    /// <summary>A plain HTTP client for <c>/v1</c> that sends the bearer key, as every OpenAI client does.</summary>
    public HttpClient CreateOpenAiHttpClient(string? apiKey = ApiKey) => new ClientFor(this).Http(apiKey);

    /// <summary>Chat clients for any factory, including ones derived with <c>WithWebHostBuilder</c>.</summary>
    public sealed class ClientFor(WebApplicationFactory<Program> factory)
    {
        public IChatClient Create(TimeSpan? networkTimeout = null, string model = Model, string apiKey = ApiKey, params DelegatingHandler[] handlers)
        {
            var http = factory.CreateDefaultClient(handlers);
            var options = new OpenAIClientOptions
            {
                Endpoint = new Uri(http.BaseAddress!, "v1"),
                Transport = new HttpClientPipelineTransport(http),
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            };
            if (networkTimeout is { } timeout) options.NetworkTimeout = timeout;
            return new OpenAIClient(new ApiKeyCredential(apiKey), options).GetChatClient(model).AsIChatClient();
        }

        public HttpClient Http(string? apiKey = ApiKey)
        {
            var http = factory.CreateClient();
            if (apiKey is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            return http;
        }
    }

    public async Task ResetAsync()
    {
        using var http = CreateClient();
        (await http.PostAsync("/sim/reset", null)).EnsureSuccessStatusCode();
    }

    public async Task ForceAsync(string fault, int count = 1)
    {
        using var http = CreateClient();
        (await http.PostAsJsonAsync("/sim/faults/next", new { fault, count })).EnsureSuccessStatusCode();
    }
}
