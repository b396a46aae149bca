using System.Security.Cryptography;
using System.Text;

namespace Aimo.Core.Signatures;

/// <summary>Derives stable ids and content hashes for signatures.</summary>
public static class SignatureId
{
    /// <summary>
    /// The id of a signature whose caller gave none: "sig_" + the first 24 hex digits of
    /// SHA-256 over upper-case method, lower-case host and path, so the same pattern always gets the same id.
    /// </summary>
    public static string Derive(string? method, string host, string pathTemplate)
    {
        var key = $"{(method ?? "").ToUpperInvariant()} {host.ToLowerInvariant()}{pathTemplate}";
        return "sig_" + Hex(key)[..24];
    }

    /// <summary>SHA-256 (hex) over everything the model sees of a signature: the dedup key for unchanged content.</summary>
    public static string ContentHash(Signature signature)
    {
        var builder = new StringBuilder();
        builder.Append(signature.Method?.ToUpperInvariant()).Append('\n')
            .Append(signature.Host.ToLowerInvariant()).Append('\n')
            .Append(signature.PathTemplate).Append('\n');
        foreach (var sample in signature.Samples)
        {
            builder.Append(sample.Length).Append(':').Append(sample).Append('\n');
        }
        return Hex(builder.ToString());
    }

    private static string Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
