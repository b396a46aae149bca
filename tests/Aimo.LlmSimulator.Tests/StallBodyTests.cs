using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Aimo.LlmSimulator.Tests;

/// <summary>
/// <c>stall_body</c>: the status and headers arrive, then the body stops part-way. Catches a client whose
/// timeout ends when the headers arrive.
/// </summary>
public sealed class StallBodyTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_headers_and_half_the_body_arrive_then_the_body_stalls()
    {
        await factory.ForceAsync("stall_body");
        using var http = factory.CreateOpenAiHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(Wire.Request(), Encoding.UTF8, "application/json") };

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var (received, completed) = await ReadUntilStalledAsync(await response.Content.ReadAsStreamAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(completed, "the body ended although the stall lasts a minute");
        Assert.True(received.Length > 0 && received.Length < response.Content.Headers.ContentLength, $"received {received.Length} of {response.Content.Headers.ContentLength}");
        Assert.StartsWith("{\"id\":\"chatcmpl-", received);
        Assert.Equal(1, (await factory.StatsAsync()).Outcome("stall_body"));
    }

    [Fact]
    public async Task A_client_timeout_that_covers_the_body_ends_the_wait()
    {
        await factory.ForceAsync("stall_body");
        var chat = factory.CreateChatClient(networkTimeout: TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chat.GetResponseAsync(Prompts.Batch(("s", "x.com", "/")), Prompts.JsonMode));
    }

    [Fact]
    public async Task A_stalled_stream_stops_after_its_first_chunk()
    {
        await factory.ForceAsync("stall_body");
        using var http = factory.CreateOpenAiHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(Wire.Request(extra: ",\"stream\":true"), Encoding.UTF8, "application/json"),
        };

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var (received, completed) = await ReadUntilStalledAsync(await response.Content.ReadAsStreamAsync());

        Assert.False(completed);
        var events = received.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).ToList();
        var first = JsonDocument.Parse(Assert.Single(events)["data: ".Length..]).RootElement;
        Assert.Equal("assistant", first.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_client_that_outwaits_the_stall_gets_the_whole_answer()
    {
        using var sim = factory.CreateClient();
        (await sim.PutAsJsonAsync("/sim/faults", new { hangMs = 50, retryAfterSeconds = 1 })).EnsureSuccessStatusCode();
        await factory.ForceAsync("stall_body");
        using var http = factory.CreateOpenAiHttpClient();

        var body = await (await http.PostChatAsync(Wire.Request())).JsonAsync();

        var content = body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Single(Prompts.Parse(content).Results);
    }

    /// <summary>Reads until the body ends or nothing more comes for a while (the stall is a minute long).</summary>
    private static async Task<(string Received, bool Completed)> ReadUntilStalledAsync(Stream body)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, quiet.Token)) > 0) received.Write(buffer, 0, read);
            return (Encoding.UTF8.GetString(received.ToArray()), true);
        }
        catch (OperationCanceledException)
        {
            return (Encoding.UTF8.GetString(received.ToArray()), false);
        }
    }
}
