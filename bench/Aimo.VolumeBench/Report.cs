using System.Globalization;

namespace Aimo.VolumeBench;

/// <summary>The README's table: p50/p95 per query on the empty database and at the seeded volume, then the export.</summary>
internal static class Report
{
    public static void Print(Measurement? empty, Measurement full, int signatures)
    {
        var n = signatures.ToString("N0", CultureInfo.InvariantCulture);
        Console.WriteLine();
        Console.WriteLine($"| query (route or page) | empty p50 ms | empty p95 ms | {n} p50 ms | {n} p95 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        for (var i = 0; i < full.Timings.Count; i++)
        {
            var (e, f) = (empty?.Timings[i], full.Timings[i]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {f.Name} | {e?.P50.ToString("N1", CultureInfo.InvariantCulture) ?? "–"} | {e?.P95.ToString("N1", CultureInfo.InvariantCulture) ?? "–"} | {f.P50:N1} | {f.P95:N1} |"));
        }
        if (full.Export is not { } x) return;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Full signatures CSV export at {n}: {x.Rows:N0} rows, {x.Bytes / 1_048_576.0:N0} MB in {x.Elapsed.TotalSeconds:N0} s = {x.RowsPerSecond:N0} rows/s; RSS {x.RssMinMb}-{x.RssMaxMb} MB while it ran."));
    }
}
