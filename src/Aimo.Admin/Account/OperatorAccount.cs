using System.Security.Cryptography;
using System.Text;

namespace Aimo.Admin.Account;

/// <summary>A password operator from configuration.</summary>
/// <param name="Stamp">
/// Derived from the password hash and kept in the sign-in cookie: when the hash changes (a new password), every cookie
/// issued before no longer matches and is rejected.
/// </param>
public sealed record OperatorAccount(string Name, string PasswordHash, string Stamp)
{
    public static OperatorAccount Create(string name, string passwordHash) =>
        new(name, passwordHash, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("aimo-operator:" + passwordHash)))[..24]);
}
