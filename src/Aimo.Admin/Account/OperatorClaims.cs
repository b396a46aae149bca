namespace Aimo.Admin.Account;

/// <summary>Claims of a signed-in operator besides the name.</summary>
public static class OperatorClaims
{
    /// <summary>The account's <see cref="OperatorAccount.Stamp"/> at sign-in (password operators).</summary>
    public const string Stamp = "aimo:stamp";

    /// <summary>The listed subject an OpenID Connect operator signed in as (<see cref="OidcOperator.Subject"/>).</summary>
    public const string Subject = "aimo:subject";

    /// <summary>The session the cookie belongs to; sign-out ends it on the server (see <see cref="OperatorSessions"/>).</summary>
    public const string Session = "aimo:sid";

    /// <summary>When the session began (Unix seconds): the absolute lifetime counts from here, however often the cookie is renewed.</summary>
    public const string SessionStart = "aimo:since";

    /// <summary>"password" or "oidc": how the operator signed in.</summary>
    public const string Method = "aimo:auth";

    public const string Password = "password";
    public const string Oidc = "oidc";
}
