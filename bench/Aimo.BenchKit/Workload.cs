using Aimo.Core.Signatures;

namespace Aimo.BenchKit;

/// <summary>Realistic, unique signatures: known services and unknown hosts, two or three samples each.</summary>
public static class Workload
{
    private static readonly string[] Hosts = ["api.openai.com", "drive.google.com", "www.dropbox.com", "github.com", "slack.com", "unknown-{0}.example.net"];
    private static readonly string[] Paths = ["/v1/chat/completions", "/file/d/{id}/view", "/s/{id}/{name}", "/{owner}/{repo}/pull/{n}", "/api/chat.postMessage", "/assets/{id}"];

    /// <summary>Every signature of one tier.</summary>
    public static IEnumerable<Signature> Create(string run, int count, Tier tier) => Create(run, count, _ => tier);

    /// <summary>The cost benchmark's mix, interleaved as traffic would be: A 20 %, B 20 %, C 60 %.</summary>
    public static IEnumerable<Signature> Mixed(string run, int count) =>
        Create(run, count, n => (n % 5) switch { 0 => Tier.A, 1 => Tier.B, _ => Tier.C });

    private static IEnumerable<Signature> Create(string run, int count, Func<int, Tier> tier) => Enumerable.Range(0, count).Select(n =>
    {
        var host = string.Format(System.Globalization.CultureInfo.InvariantCulture, Hosts[n % Hosts.Length], n);
        var path = $"{Paths[n % Paths.Length]}/{run}/{n}";
        List<string> samples = [$"GET {path.Replace("{id}", "8f2a91", StringComparison.Ordinal)}?user=alice&ref=portal", $"GET {path.Replace("{id}", "77c0e4", StringComparison.Ordinal)}"];
        if (n % 3 == 0)
        {
            samples.Add($"POST {path.Replace("{id}", "a1b2c3", StringComparison.Ordinal)} content-type=application/json bytes=1834");
        }
        return new Signature($"bench-{run}-{n}", tier(n), n % 3 == 0 ? "POST" : "GET", host, path, samples);
    });
}
