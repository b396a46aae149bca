using System.Diagnostics.Metrics;
using System.Text;
using Aimo.Data.Queue;
using Aimo.Ingest.Api;
using Aimo.Ingest.Api.Apis;
using Aimo.Ingest.Api.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Aimo.Ingest.Api.Tests;

/// <summary>
/// The ingest counters an operator alerts on, through the real handler and enqueue script (a real redis-server):
/// signatures accepted and skipped as duplicates, and requests rejected whole, by reason.
/// </summary>
public sealed class IngestTelemetryTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    private async Task<int?> PostAsync(IngestTelemetry telemetry, string body, string contentType = "application/json", long? contentLength = null)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.ContentType = contentType;
        context.Request.ContentLength = contentLength ?? bytes.Length;
        context.Request.Body = new MemoryStream(bytes);
        var result = await SignaturesApi.IngestAsync(context.Request, new SignatureQueue(redis.Redis),
            Microsoft.Extensions.Options.Options.Create(new IngestOptions()), telemetry, CancellationToken.None);
        return (result.Result as IStatusCodeHttpResult)?.StatusCode;
    }

    private static string Body(params string[] ids) =>
        "{\"signatures\":[" + string.Join(",", ids.Select(id =>
            $$"""{"id":"{{id}}","tier":"A","method":"GET","host":"{{id}}.example.com","pathTemplate":"/x","samples":["GET /x"]}""")) + "]}";

    [Fact]
    public async Task Counts_accepted_and_duplicate_signatures_and_whole_requests_rejected_by_reason()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        var telemetry = new IngestTelemetry(meters);
        using var signatures = new MetricCollector<long>(meters, IngestTelemetry.Name, "aimo.ingest.signatures");
        using var rejected = new MetricCollector<long>(meters, IngestTelemetry.Name, "aimo.ingest.rejected");
        var run = Guid.NewGuid().ToString("N")[..8];

        Assert.Equal(202, await PostAsync(telemetry, Body($"a-{run}", $"b-{run}")));
        Assert.Equal(202, await PostAsync(telemetry, Body($"a-{run}", $"c-{run}")));
        Assert.Equal(400, await PostAsync(telemetry, "{\"signatures\":[{\"tier\":\"Z\"}]}"));
        Assert.Equal(400, await PostAsync(telemetry, "not json"));
        Assert.Equal(415, await PostAsync(telemetry, Body($"d-{run}"), "text/plain"));
        Assert.Equal(413, await PostAsync(telemetry, Body($"e-{run}"), contentLength: 6 * 1024 * 1024));

        Assert.Equal(new Dictionary<string, long> { ["accepted"] = 3, ["duplicate"] = 1 }, Sums(signatures, "outcome"));
        Assert.Equal(new Dictionary<string, long> { ["invalid"] = 2, ["unsupported_media_type"] = 1, ["too_large"] = 1 }, Sums(rejected, "reason"));
    }

    private static Dictionary<string, long> Sums(MetricCollector<long> collector, string tag) =>
        collector.GetMeasurementSnapshot().GroupBy(m => (string)m.Tags[tag]!).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
}
