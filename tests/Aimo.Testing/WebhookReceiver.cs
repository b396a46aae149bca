using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Aimo.Testing;

/// <summary>
/// A tiny HTTP listener standing in for a Slack/Teams incoming webhook: it records every POST body and answers 200, or
/// the next status queued in <see cref="Answers"/> (to play a receiver that fails for a while).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public WebhookReceiver()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hook";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    /// <summary>Every JSON body POSTed so far, in arrival order.</summary>
    public ConcurrentQueue<JsonElement> Posts { get; } = new();

    /// <summary>Every POST as it came: raw body and the results webhook's signature header (to verify it over the exact bytes).</summary>
    public ConcurrentQueue<(string Body, string? Signature)> Raw { get; } = new();

    /// <summary>Statuses to answer the next POSTs with, in order; 200 once they are used up.</summary>
    public ConcurrentQueue<int> Answers { get; } = new();

    public IReadOnlyList<JsonElement> PostsFor(string threshold) =>
        Posts.Where(p => p.TryGetProperty("threshold", out var t) && t.GetString() == threshold).ToList();

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            if (context.Request.HttpMethod == "POST")
            {
                using var reader = new StreamReader(context.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                Raw.Enqueue((body, context.Request.Headers["X-Aimo-Signature"]));
                Posts.Enqueue(JsonDocument.Parse(body).RootElement.Clone());
            }
            context.Response.StatusCode = context.Request.HttpMethod == "POST" && Answers.TryDequeue(out var status) ? status : 200;
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
            // The listener closed under the pending accept.
        }
        _stop.Dispose();
    }
}
