using System.Text.Json;

namespace Aimo.LoadTest;

/// <summary>Realistic-looking, unique signatures: a mix of known services and unknown hosts across the tiers.</summary>
internal static class SignatureBodies
{
    private static readonly string[] Hosts = ["api.openai.com", "drive.google.com", "www.dropbox.com", "github.com", "slack.com", "unknown-{0}.example.net"];
    private static readonly string[] Tiers = ["A", "A", "B", "C"];

    public static string Create(string run, int request, int count) => JsonSerializer.Serialize(new
    {
        signatures = Enumerable.Range(0, count).Select(i =>
        {
            var n = request * count + i;
            return new
            {
                tier = Tiers[n % Tiers.Length],
                method = "GET",
                host = string.Format(Hosts[n % Hosts.Length], n),
                pathTemplate = $"/load/{run}/{n}/{{id}}",
                samples = new[] { $"GET /load/{run}/{n}/42?user=alice", $"GET /load/{run}/{n}/43" },
            };
        }),
    });
}
