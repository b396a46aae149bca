using System.Diagnostics;
using Aimo.Core.Budget;
using Aimo.Data.Export;
using Aimo.Data.Queries;
using Aimo.Data.Queries.Dashboard;
using Aimo.Data.Queue;
using Aimo.Testing;

namespace Aimo.VolumeBench;

/// <summary>One measured query: what reads it (route or page) and its timings in milliseconds.</summary>
internal sealed record Timing(string Name, IReadOnlyList<double> Ms)
{
    public double P50 => Percentile(0.50);
    public double P95 => Percentile(0.95);

    private double Percentile(double p)
    {
        var sorted = Ms.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

internal sealed record ExportFigures(long Rows, long Bytes, TimeSpan Elapsed, long RssMinMb, long RssMaxMb)
{
    public double RowsPerSecond => Rows / Math.Max(Elapsed.TotalSeconds, 0.001);
}

internal sealed record Measurement(IReadOnlyList<Timing> Timings, ExportFigures? Export);

/// <summary>
/// Times the queries the ingest API's routes and the admin pages run, through the same query classes they call, each
/// <c>repeat</c> times after two warm-ups, with ids picked at random among the seeded rows; then a full signatures export.
/// </summary>
internal sealed class VolumeRun(BenchDatabase db, int repeat, int signatures, bool export = true)
{
    private readonly Random _random = new(25);

    public async Task<Measurement> MeasureAsync()
    {
        var contexts = db.Contexts;
        var queue = new SignatureQueue(db.Redis.Redis);
        var clock = BudgetSettings.Default.Clock(TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        var search = new SignatureSearchQueries(contexts);
        var batches = new BatchQueries(contexts);
        (string Name, Func<Task> Run)[] queries =
        [
            ("API GET /api/signatures/{id} (status)", () => new SignatureQueries(contexts, queue).GetStatusAsync(SignatureId())),
            ("API GET /api/batches", () => batches.ListAsync(50)),
            ("API GET /api/batches/{id} · page Batch detail", () => batches.GetAsync(BatchId())),
            ("API GET /api/review", () => new ReviewQueries(contexts).ListAsync(ReviewStatusesOpen, 50)),
            ("page Signatures (newest 25, total)", () => search.SearchAsync(new PageRequest(0, 25), new SignatureFilter())),
            ("page Signatures, page 40", () => search.SearchAsync(new PageRequest(40, 25), new SignatureFilter())),
            ("page Signatures, sorted by host", () => search.SearchAsync(new PageRequest(0, 25, "Host", false), new SignatureFilter())),
            ("page Signatures, search a host", () => search.SearchAsync(new PageRequest(0, 25), new SignatureFilter($"h{Pick(Math.Max(1, signatures / 50))}."))),
            ("page Signatures, search a path", () => search.SearchAsync(new PageRequest(0, 25), new SignatureFilter($"/items/{Pick(Math.Max(1, signatures))}/"))),
            ("page Signatures, category filter", () => search.SearchAsync(new PageRequest(0, 25), new SignatureFilter(Category: "ai_tools"))),
            ("page Signature history", () => search.HistoryAsync(SignatureId())),
            ("page Batches (grid)", () => new BatchGridQueries(contexts).ListAsync(new PageRequest(0, 25), new BatchFilter())),
            ("page Batches (charts, 30 days)", () => new BatchChartQueries(contexts).PerBucketAsync(TimeBuckets.For(now.AddDays(-30), now, clock))),
            ("page Review (grid)", () => new ReviewGridQueries(contexts).ListAsync(new PageRequest(0, 25), new ReviewFilter())),
            ("page Overview (today)", () => new OverviewQueries(contexts).GetAsync(clock.StartOf(clock.Today))),
            ("page Overview (throughput card)", () => new ThroughputQueries(contexts, queue, TimeProvider.System).GetAsync()),
            ("page Costs (30 days)", () => new CostQueries(contexts).BreakdownAsync(TimeBuckets.For(now.AddDays(-30), now, clock))),
        ];
        var timings = new List<Timing>();
        foreach (var (name, run) in queries)
        {
            for (var i = 0; i < 2; i++) await run();
            var ms = new List<double>();
            for (var i = 0; i < repeat; i++)
            {
                var watch = Stopwatch.StartNew();
                await run();
                ms.Add(watch.Elapsed.TotalMilliseconds);
            }
            timings.Add(new Timing(name, ms));
            Console.WriteLine($"  {name}: p50 {timings[^1].P50:N1} ms, p95 {timings[^1].P95:N1} ms");
        }
        if (!export) return new Measurement(timings, null);
        var figures = await ExportAsync(clock);
        Console.WriteLine($"  export: {figures.Rows:N0} rows in {figures.Elapsed:mm\\:ss}, {figures.RowsPerSecond:N0} rows/s, RSS {figures.RssMinMb}-{figures.RssMaxMb} MB");
        return new Measurement(timings, figures);
    }

    private const string ReviewStatusesOpen = "open";

    private int Pick(int max) => _random.Next(max) + 1;

    private string SignatureId() => VolumeSeed.SignatureId(Pick(Math.Max(1, signatures)));

    private Guid BatchId() => VolumeSeed.BatchId(Pick(Math.Max(1, signatures / VolumeSeed.BatchSize)) - 1);

    /// <summary>The whole signatures CSV into a counting sink, sampling this process's RSS every 250 ms.</summary>
    private async Task<ExportFigures> ExportAsync(BudgetClock clock)
    {
        var request = ExportRequest.Parse("signatures", new Dictionary<string, string?>(), clock, out _)!;
        var output = new CountingStream();
        using var sampling = new CancellationTokenSource();
        var process = Process.GetCurrentProcess();
        long min = long.MaxValue, max = 0;
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                min = Math.Min(min, process.WorkingSet64);
                max = Math.Max(max, process.WorkingSet64);
                try { await Task.Delay(250, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var watch = Stopwatch.StartNew();
        var rows = await new ExportWriter(db.Contexts).WriteAsync(request, output);
        watch.Stop();
        await sampling.CancelAsync();
        await sampler;
        return new ExportFigures(rows, output.Length, watch.Elapsed, min / 1_048_576, max / 1_048_576);
    }

    /// <summary>Counts what the export writes and keeps none of it.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
