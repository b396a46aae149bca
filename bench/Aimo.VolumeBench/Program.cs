using System.Diagnostics;
using System.Runtime.Versioning;
using Aimo.BenchKit;
using Aimo.Testing;
using Aimo.VolumeBench;

// The database at a year's volume. Starts a PostgreSQL and a redis-server of its own (the machine's binaries), migrates,
// times every query on the empty database, seeds --signatures (default 2,000,000) with history, and times them again.
// With --connection it measures that database instead; one that already holds signatures is measured as it is (no
// seeding, no empty column), so a seeded database can be measured again after a change.
// --export false leaves out the full export (minutes at 2M rows).
// Usage: dotnet run -c Release --project bench/Aimo.VolumeBench -- --signatures 2000000 --repeat 30 [--connection "Host=…"] [--export false]
[assembly: SupportedOSPlatform("linux")]

var command = new CommandLine(args);
var signatures = command.Int("signatures", "2000000");
var repeat = command.Int("repeat", "30");
var connection = command.Get("connection", "");
var export = bool.Parse(command.Get("export", "true"));

await using var stack = await BenchDatabase.StartAsync(connection.Length > 0 ? connection : null);
Console.WriteLine($"{Environment.ProcessorCount} cores; load average {Load()}");

Measurement? empty = null;
var existing = await stack.SignaturesAsync();
if (existing == 0)
{
    empty = await new VolumeRun(stack, repeat, signatures: 0).MeasureAsync();
    var seed = Stopwatch.StartNew();
    await VolumeSeed.SeedAsync(stack.DataSource, signatures, step => Console.WriteLine($"  seeding {step}… ({seed.Elapsed:mm\\:ss})"));
    Console.WriteLine($"Seeded {signatures:N0} signatures in {seed.Elapsed:mm\\:ss}; load average {Load()}");
}
else
{
    signatures = (int)existing;
    Console.WriteLine("Measuring the database as it is (already seeded).");
}
Console.WriteLine(await stack.SizesAsync());
var full = await new VolumeRun(stack, repeat, signatures, export).MeasureAsync();

Report.Print(empty, full, signatures);
Console.WriteLine($"load average at the end {Load()}");

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
