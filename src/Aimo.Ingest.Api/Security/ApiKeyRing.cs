using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Aimo.Ingest.Api.Security;

/// <summary>The configured keys, hashed, and which scope each one has.</summary>
public sealed class ApiKeyRing(IOptions<ApiKeyOptions> options)
{
    private readonly (byte[] Hash, string Scope)[] _keys =
    [
        .. ApiKeyOptions.Split(options.Value.Ingest).Select(k => (ApiKey.Hash(k), ApiScopes.Ingest)),
        .. ApiKeyOptions.Split(options.Value.Operator).Select(k => (ApiKey.Hash(k), ApiScopes.Operator)),
    ];

    /// <summary>The scope of <paramref name="presented"/>, or null when it is no configured key.</summary>
    public string? ScopeOf(string presented)
    {
        // Hashes have equal lengths, so FixedTimeEquals is constant-time; every key is compared, found or not.
        var hash = ApiKey.Hash(presented);
        string? scope = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                scope = key.Scope;
            }
        }
        return scope;
    }
}
