using System.Security.Cryptography;
using System.Text;

namespace Aimo.Ingest.Api.Security;

public static class ApiKey
{
    public const string HeaderName = "X-Api-Key";

    /// <summary>The SHA-256 of a key: what the key ring compares, and where its fingerprint comes from.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>A short, non-reversible name for a key, for actor names and rate-limit partitions.</summary>
    public static string Fingerprint(string key) => Convert.ToHexStringLower(Hash(key))[..8];

    /// <summary>"api:" + the fingerprint of the caller's key: who acted, in review and settings audit rows.</summary>
    public static string Actor(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : "api:anonymous";
}
