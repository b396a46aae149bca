using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Aimo.Core.Results;

/// <summary>
/// The results webhook's signature, as Stripe signs its events: header <c>X-Aimo-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>
/// where the hex is HMAC-SHA256 with the shared secret over <c>"&lt;t&gt;.&lt;raw body&gt;"</c>. The timestamp inside the
/// signed text lets a receiver refuse replays older than its tolerance.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Aimo-Signature";

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="unixSeconds"/>.</summary>
    public static string Sign(string secret, long unixSeconds, string body) =>
        string.Create(CultureInfo.InvariantCulture, $"t={unixSeconds},v1={Hex(secret, unixSeconds, body)}");

    /// <summary>
    /// A receiver's check: the header parses, its v1 matches the body (compared in constant time), and its timestamp is
    /// within <paramref name="tolerance"/> of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(string secret, string? header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (header is null)
        {
            return false;
        }
        long? t = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2)
            {
                continue;
            }
            if (kv[0].Trim() == "t" && long.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                t = parsed;
            }
            else if (kv[0].Trim() == "v1")
            {
                signatures.Add(kv[1].Trim());
            }
        }
        if (t is not { } timestamp || Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Hex(secret, timestamp, body));
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }

    private static string Hex(string secret, long unixSeconds, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{unixSeconds}.{body}"))));
}
