using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;

namespace Aimo.LlmSimulator.Tests;

/// <summary>Bearer keys as OpenAI checks them, and revoking and restoring keys at run time (<c>/sim/auth</c>).</summary>
public sealed class AuthTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>, IAsyncLifetime
{
    private static readonly List<Microsoft.Extensions.AI.ChatMessage> Batch = Prompts.Batch(("sig_1", "github.com", "/"));

    public Task InitializeAsync() => factory.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task No_key_gets_the_real_401_and_is_counted()
    {
        using var http = factory.CreateOpenAiHttpClient(apiKey: null);

        var response = await http.PostChatAsync(Wire.Request());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.StartsWith("You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth", error.Message);
        Assert.Equal(("invalid_request_error", null, null), (error.Type, error.Param, error.Code));
        Assert.Equal(1, (await factory.StatsAsync()).Outcome("unauthorized"));
    }

    [Theory]
    [InlineData("/v1/models")]
    [InlineData("/v1/models/gpt-4o-mini")]
    public async Task Model_routes_need_a_key_too(string path)
    {
        using var http = factory.CreateOpenAiHttpClient(apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task By_default_any_key_is_accepted()
    {
        var chat = new SimulatorFactory.ClientFor(factory).Create(apiKey: "simulator");

        var response = await chat.GetResponseAsync(Batch, Prompts.JsonMode);

        Assert.Single(Prompts.Parse(response.Text).Results);
    }

    [Fact]
    public async Task A_revoked_key_gets_invalid_api_key_until_it_is_accepted_again()
    {
        using var sim = factory.CreateClient();
        var chat = factory.CreateChatClient();

        (await sim.PutAsJsonAsync("/sim/auth", new { apiKeys = new[] { "sk-the-new-key-9999" } })).EnsureSuccessStatusCode();
        var revoked = await Assert.ThrowsAsync<ClientResultException>(() => chat.GetResponseAsync(Batch, Prompts.JsonMode));
        (await sim.PutAsJsonAsync("/sim/auth", new { apiKeys = Array.Empty<string>() })).EnsureSuccessStatusCode();
        var resumed = await chat.GetResponseAsync(Batch, Prompts.JsonMode);

        Assert.Equal(401, revoked.Status);
        var error = Wire.ErrorOfBody(revoked.GetRawResponse()!.Content.ToString());
        Assert.Equal("invalid_api_key", error.Code);
        Assert.StartsWith("Incorrect API key provided: sk-te", error.Message);
        Assert.DoesNotContain(SimulatorFactory.ApiKey, error.Message);
        Assert.EndsWith("6789. You can find your API key at https://platform.openai.com/account/api-keys.", error.Message);
        Assert.Single(Prompts.Parse(resumed.Text).Results);
    }

    [Fact]
    public async Task Configured_keys_restrict_access_and_reset_restores_them()
    {
        await using var restricted = new SimulatorFactory().WithWebHostBuilder(b => b.UseSetting("Simulator:ApiKeys:0", "sk-only-this-one"));
        var clients = new SimulatorFactory.ClientFor(restricted);
        using var sim = restricted.CreateClient();

        var wrong = await clients.Http("sk-another").PostChatAsync(Wire.Request());
        var right = await clients.Http("sk-only-this-one").PostChatAsync(Wire.Request());
        (await sim.PutAsJsonAsync("/sim/auth", new { apiKeys = Array.Empty<string>() })).EnsureSuccessStatusCode();
        var anyWhileOpen = await clients.Http("sk-another").PostChatAsync(Wire.Request());
        (await sim.PostAsync("/sim/reset", null)).EnsureSuccessStatusCode();
        var wrongAfterReset = await clients.Http("sk-another").PostChatAsync(Wire.Request());
        var state = await sim.GetFromJsonAsync<System.Text.Json.JsonElement>("/sim/auth");

        Assert.Equal([401, 200, 200, 401], new[] { wrong, right, anyWhileOpen, wrongAfterReset }.Select(r => (int)r.StatusCode));
        Assert.Equal("invalid_api_key", (await wrong.ErrorAsync()).Code);
        Assert.Equal(["sk-only-this-one"], state.GetProperty("apiKeys").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task An_empty_key_cannot_be_configured_at_run_time()
    {
        using var sim = factory.CreateClient();

        var response = await sim.PutAsJsonAsync("/sim/auth", new { apiKeys = new[] { "" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Health_and_the_control_api_need_no_key()
    {
        using var http = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/sim/stats")).StatusCode);
    }
}
