namespace Aimo.Admin.Account;

/// <summary>Claims of a signed-in operator besides the name.</summary>
public static class OperatorClaims
{
    /// <summary>The account's <see cref="OperatorAccount.Stamp"/> at sign-in (password operators).</summary>
    public const string Stamp = "aimo:stamp";

    /// <summary>"password" or "oidc": how the operator signed in.</summary>
    public const string Method = "aimo:auth";

    public const string Password = "password";
    public const string Oidc = "oidc";
}
