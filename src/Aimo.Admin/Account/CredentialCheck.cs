using System.Security.Cryptography;
using System.Text;

namespace Aimo.Admin.Account;

/// <summary>Compares credentials in constant time, so response timing reveals nothing about the password.</summary>
public static class CredentialCheck
{
    public static bool Matches(AdminOptions expected, string? username, string? password)
    {
        // Hash first: FixedTimeEquals is constant-time only for inputs of equal length.
        var userOk = CryptographicOperations.FixedTimeEquals(Hash(expected.Username), Hash(username ?? ""));
        var passwordOk = CryptographicOperations.FixedTimeEquals(Hash(expected.Password), Hash(password ?? ""));
        return userOk & passwordOk & expected.Password.Length > 0;
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
