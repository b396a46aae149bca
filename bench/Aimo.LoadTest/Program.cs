using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Aimo.LoadTest;

// Load test of a running AIMO stack: POSTs signatures to the ingest API from several concurrent clients,
// reports ingest throughput and latency percentiles, then (unless --no-wait) waits until the queues are
// empty (every signature classified or in review) and reports end-to-end throughput of the worker.
// Usage: dotnet run -c Release --project bench/Aimo.LoadTest -- --url http://localhost:5101 --key dev-ingest-key-change-me
//        [--operator-key dev-operator-key-change-me]  (an operator-scope key, for the wait on GET /api/budget)
var options = LoadOptions.Parse(args);
if (!options.Url.IsLoopback)
{
    Console.Error.WriteLine("Refusing to load a non-loopback address: point --url at a local stack.");
    return 2;
}

using var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(60) };
http.DefaultRequestHeaders.Add("X-Api-Key", options.Key);
var run = Guid.NewGuid().ToString("N")[..8];
var ids = new List<string>();
var latencies = new List<double>();
var failures = 0;
var gate = new object();

var clock = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, options.Requests), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency },
    async (request, cancellationToken) =>
    {
        var body = SignatureBodies.Create(run, request, options.PerRequest);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync("/api/signatures", new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var json = await response.Content.ReadAsStringAsync(cancellationToken);
        lock (gate)
        {
            latencies.Add(elapsed);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                ids.AddRange(JsonDocument.Parse(json).RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!));
            }
            else
            {
                failures++;
            }
        }
    });
var ingestSeconds = clock.Elapsed.TotalSeconds;
latencies.Sort();
Console.WriteLine($"ingest: {options.Requests} requests × {options.PerRequest} signatures, concurrency {options.Concurrency}");
Console.WriteLine($"  accepted {ids.Count} signatures in {ingestSeconds:F2} s = {ids.Count / ingestSeconds:F0} signatures/s, {options.Requests / ingestSeconds:F0} requests/s; failed requests {failures}");
Console.WriteLine($"  request latency p50 {Percentile(latencies, 0.50):F1} ms, p95 {Percentile(latencies, 0.95):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms");

if (options.Wait)
{
    using var operations = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(60) };
    operations.DefaultRequestHeaders.Add("X-Api-Key", options.OperatorKey);
    var drained = await Completion.WaitForEmptyQueuesAsync(operations, options.WaitTimeout);
    var total = clock.Elapsed.TotalSeconds;
    Console.WriteLine(drained
        ? $"end to end: {ids.Count} signatures finished (classified or needs_review) in {total:F1} s = {ids.Count / total:F1} signatures/s"
        : $"end to end: queues not empty after {options.WaitTimeout} (tier C deferred by the budget?)");
}
return failures == 0 ? 0 : 1;

static double Percentile(List<double> sorted, double p) =>
    sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
