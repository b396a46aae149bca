using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Aimo.Admin.Account;

/// <summary>The operators who may sign in, from <see cref="AdminOptions"/>; checks passwords and existing sign-ins.</summary>
public sealed class OperatorDirectory
{
    private static readonly PasswordHasher<OperatorAccount> Hasher = new();
    private static readonly char[] Separators = [',', ';', ' ', '\n', '\r', '\t'];

    private readonly Dictionary<string, OperatorAccount> _accounts;
    private readonly bool _oidcEnabled;
    private readonly Dictionary<string, OidcOperator> _oidcOperators;
    // Unknown names are checked against this, so the answer takes as long as for a real account.
    private readonly string _decoy = Hasher.HashPassword(null!, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));

    public OperatorDirectory(IOptions<AdminOptions> options)
    {
        _accounts = Parse(options.Value.Operators, []).ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        _oidcEnabled = options.Value.Oidc.Enabled;
        _oidcOperators = OidcOperator.Parse(options.Value.Oidc.Operators, []).ToDictionary(o => o.Subject, StringComparer.Ordinal);
    }

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    public static bool HasPassword(OperatorAccount account, string password) =>
        Hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;

    /// <summary>The account when <paramref name="password"/> is its password; null otherwise (unknown name included).</summary>
    public OperatorAccount? Verify(string? name, string? password)
    {
        var found = _accounts.GetValueOrDefault(name?.Trim() ?? "");
        var result = Hasher.VerifyHashedPassword(null!, found?.PasswordHash ?? _decoy, password ?? "");
        return found is not null && result != PasswordVerificationResult.Failed ? found : null;
    }

    /// <summary>The OpenID Connect operator a validated id token vouches for, if it names a listed subject.</summary>
    public OidcOperator? FindOidcOperator(ClaimsPrincipal token) =>
        OidcOperator.SubjectsOf(token).Select(_oidcOperators.GetValueOrDefault).FirstOrDefault(o => o is not null);

    /// <summary>
    /// Whether a sign-in still stands: a password operator who still exists with the same password hash, or an
    /// OpenID Connect subject still listed under the same name. A changed password or a removed account revokes every
    /// earlier cookie.
    /// </summary>
    public bool IsCurrent(ClaimsPrincipal user)
    {
        var name = user.Identity?.Name;
        return user.FindFirstValue(OperatorClaims.Method) switch
        {
            OperatorClaims.Password => name is not null && _accounts.TryGetValue(name, out var account)
                && CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.ASCII.GetBytes(account.Stamp),
                    System.Text.Encoding.ASCII.GetBytes(user.FindFirstValue(OperatorClaims.Stamp) ?? "")),
            OperatorClaims.Oidc => _oidcEnabled && user.FindFirstValue(OperatorClaims.Subject) is { } subject
                && _oidcOperators.GetValueOrDefault(subject)?.Name == name,
            _ => false,
        };
    }

    /// <summary>Reads <c>name:hash</c> pairs; every problem goes to <paramref name="errors"/> (names only, never hashes).</summary>
    public static List<OperatorAccount> Parse(string? value, List<string> errors)
    {
        var accounts = new List<OperatorAccount>();
        foreach (var entry in (value ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.IndexOf(':');
            var name = colon > 0 ? entry[..colon] : "";
            var hash = colon > 0 ? entry[(colon + 1)..] : "";
            if (!IsValidName(name))
            {
                errors.Add($"An Admin:Operators entry does not start with a valid name (1-64 of A-Z a-z 0-9 . _ @ -) and ':'.");
            }
            else if (!IsV3Hash(hash))
            {
                errors.Add($"The password hash of operator '{name}' is not a PasswordHasher v3 hash; create one with scripts/hash-password.sh.");
            }
            else if (accounts.Any(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"Operator '{name}' is listed twice.");
            }
            else
            {
                accounts.Add(OperatorAccount.Create(name, hash));
            }
        }
        return accounts;
    }

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '-');

    private static bool IsV3Hash(string hash)
    {
        var bytes = new byte[hash.Length];
        // v3: format marker 0x01, PRF, iteration count, salt length, salt and subkey — at least 13 + 16 + 32 bytes.
        return Convert.TryFromBase64String(hash, bytes, out var length) && length >= 61 && bytes[0] == 0x01;
    }
}
