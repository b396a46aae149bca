using System.Diagnostics;
using System.Net.Http.Json;
using Aimo.Core.Signatures;
using Aimo.AppHost.Tests.Worker;
using Aimo.Data.Queue;

namespace Aimo.AppHost.Tests;

/// <summary>
/// A signature's journey starts a trace at ingest: its stream entry carries the ingest request's traceparent, which the
/// worker's batch span links to (the link itself is observed in process, in Aimo.Worker.Tests' WorkerTelemetryTests).
/// </summary>
public sealed class TraceStackTests(StackFixture fixture) : SharedStackTests(fixture)
{
    [Fact]
    public async Task A_stream_entry_carries_the_traceparent_of_the_ingest_request_that_enqueued_it()
    {
        // A slow model keeps the batch (and so the entry) in flight long enough to read it.
        await H.SetFaultsAsync(new { LatencyMs = 5_000 });
        var caller = ActivityTraceId.CreateRandom();
        var id = $"trace-{WorkerHarness.NewRun()}";
        using var client = Fixture.Stack.CreateIngestClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/signatures")
        {
            Content = JsonContent.Create(new
            {
                signatures = new[] { new { id, tier = "B", method = "GET", host = $"{id}.example.com", pathTemplate = "/v1/x", samples = new[] { "GET /v1/x" } } },
            }),
        };
        request.Headers.Add("traceparent", $"00-{caller.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        (await client.SendAsync(request)).EnsureSuccessStatusCode();

        var entries = await H.Redis.GetDatabase().StreamRangeAsync(QueueKeys.Stream(Tier.B));
        var entry = Assert.Single(entries, e => ((string?)e[QueueFields.Signature] ?? "").Contains($"\"{id}\"", StringComparison.Ordinal));
        Assert.True(ActivityContext.TryParse((string?)entry[QueueFields.TraceParent], null, out var context), $"traceparent: {entry[QueueFields.TraceParent]}");
        // The ingest request's span, in the caller's trace.
        Assert.Equal(caller, context.TraceId);

        await H.WaitForStatusAsync([id], "classified");
    }
}
