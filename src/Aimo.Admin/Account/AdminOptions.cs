namespace Aimo.Admin.Account;

/// <summary>
/// Who may sign in, bound from <c>Admin</c>: the password accounts (the AppHost passes its <c>admin-operators</c>
/// parameter as <c>Admin__Operators</c>) and, optionally, OpenID Connect.
/// </summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>
    /// <c>name:hash</c> pairs separated by commas, semicolons or white space; a hash is ASP.NET Core Identity's
    /// <c>PasswordHasher</c> format (v3), printed by <c>scripts/hash-password.sh</c>.
    /// </summary>
    public string Operators { get; set; } = "";

    public OidcOptions Oidc { get; set; } = new();
}

/// <summary>OpenID Connect sign-in (e.g. Microsoft Entra ID), bound from <c>Admin:Oidc</c>; off while Authority is empty.</summary>
public sealed class OidcOptions
{
    public const string SectionName = "Admin:Oidc";
    public const string Scheme = "oidc";

    /// <summary>e.g. <c>https://login.microsoftonline.com/&lt;tenant-id&gt;/v2.0</c>.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>
    /// Who is an operator: <c>name=subject</c> entries (see <see cref="OidcOperator.Syntax"/>) separated by commas,
    /// semicolons or white space; nobody else gets in.
    /// </summary>
    public string? Operators { get; set; }

    /// <summary>The button text on the sign-in page.</summary>
    public string DisplayName { get; set; } = "Microsoft Entra ID";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
