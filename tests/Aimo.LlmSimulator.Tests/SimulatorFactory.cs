using System.ClientModel;
using System.ClientModel.Primitives;
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
    public IChatClient CreateChatClient(TimeSpan? networkTimeout = null) => new ClientFor(this).Create(networkTimeout);

    /// <summary>Chat clients for any factory, including ones derived with <c>WithWebHostBuilder</c>.</summary>
    public sealed class ClientFor(WebApplicationFactory<Program> factory)
    {
        public IChatClient Create(TimeSpan? networkTimeout = null)
        {
            var http = factory.CreateClient();
            var options = new OpenAIClientOptions
            {
                Endpoint = new Uri(http.BaseAddress!, "v1"),
                Transport = new HttpClientPipelineTransport(http),
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            };
            if (networkTimeout is { } timeout) options.NetworkTimeout = timeout;
            return new OpenAIClient(new ApiKeyCredential("sk-any-key"), options).GetChatClient(Model).AsIChatClient();
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
