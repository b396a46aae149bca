using Microsoft.AspNetCore.Identity;

namespace Aimo.Testing;

/// <summary>An admin operator's user name and password, and the <c>admin-operators</c> entry the AppHost gets for it.</summary>
public sealed record OperatorLogin(string Name, string Password)
{
    private static readonly PasswordHasher<object> Hasher = new();

    /// <summary>
    /// <c>name:hash</c>, the hash made the way scripts/hash-password.sh makes it. Made once per login: a new salt
    /// would be a new hash, which revokes the operator's sign-ins.
    /// </summary>
    public string Entry => field ??= $"{Name}:{Hasher.HashPassword(null!, Password)}";

    public static string Entries(params OperatorLogin[] operators) => string.Join(",", operators.Select(o => o.Entry));
}
