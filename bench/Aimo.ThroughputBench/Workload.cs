using Aimo.Core.Signatures;

namespace Aimo.ThroughputBench;

/// <summary>Realistic, unique signatures: known services and unknown hosts, two or three samples each.</summary>
internal static class Workload
{
    private static readonly string[] Hosts = ["api.openai.com", "drive.google.com", "www.dropbox.com", "github.com", "slack.com", "unknown-{0}.example.net"];
    private static readonly string[] Paths = ["/v1/chat/completions", "/file/d/{id}/view", "/s/{id}/{name}", "/{owner}/{repo}/pull/{n}", "/api/chat.postMessage", "/assets/{id}"];

    public static IEnumerable<Signature> Create(string run, int count, Tier tier) => Enumerable.Range(0, count).Select(n =>
    {
        var host = string.Format(System.Globalization.CultureInfo.InvariantCulture, Hosts[n % Hosts.Length], n);
        var path = $"{Paths[n % Paths.Length]}/{run}/{n}";
        List<string> samples = [$"GET {path.Replace("{id}", "8f2a91", StringComparison.Ordinal)}?user=alice&ref=portal", $"GET {path.Replace("{id}", "77c0e4", StringComparison.Ordinal)}"];
        if (n % 3 == 0)
        {
            samples.Add($"POST {path.Replace("{id}", "a1b2c3", StringComparison.Ordinal)} content-type=application/json bytes=1834");
        }
        return new Signature($"bench-{run}-{n}", tier, n % 3 == 0 ? "POST" : "GET", host, path, samples);
    });
}
