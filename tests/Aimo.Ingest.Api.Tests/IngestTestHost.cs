using Aimo.Ingest.Api.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Aimo.Ingest.Api.Tests;

/// <summary>
/// The ingest service in memory, built with the calls Program.cs makes (service defaults, application services, the
/// pipeline, the health endpoints and the API), against a real redis-server. PostgreSQL points nowhere: these tests use
/// only routes that never reach it. Several hosts on one Redis are several replicas.
/// </summary>
public sealed class IngestTestHost : IAsyncDisposable
{
    public const string IngestKey = "host-test-ingest-key-0001";
    public const string OperatorKey = "host-test-operator-key-0001";

    private readonly WebApplication _app;

    private IngestTestHost(WebApplication app) => _app = app;

    /// <param name="redis">A Redis connection string.</param>
    /// <param name="settings">More configuration, e.g. <c>("Ingest:RateLimitPerMinute", "5")</c>.</param>
    /// <param name="map">More endpoints, mapped after the service's own.</param>
    public static async Task<IngestTestHost> StartAsync(string redis, (string Key, string Value)[]? settings = null,
        Action<WebApplication>? map = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis,
            ["ConnectionStrings:aimodb"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
            ["ApiKeys:Ingest"] = IngestKey,
            ["ApiKeys:Operator"] = OperatorKey,
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(values);
        builder.AddServiceDefaults();
        builder.AddApplicationServices();

        var app = builder.Build();
        app.UseIngestPipeline();
        app.MapDefaultEndpoints();
        app.MapIngestApi();
        map?.Invoke(app);
        await app.StartAsync();
        return new IngestTestHost(app);
    }

    public HttpClient Client(string? apiKey)
    {
        var client = _app.GetTestClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
