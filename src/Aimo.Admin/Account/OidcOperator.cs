using System.Security.Claims;

namespace Aimo.Admin.Account;

/// <summary>
/// An OpenID Connect operator from <c>Admin:Oidc:Operators</c>: the name the admin records for them and the subject the
/// provider must vouch for. Subjects are what a provider never reassigns to someone else: <c>preferred_username</c>,
/// <c>upn</c> and display names are not, as users or administrators can change them.
/// </summary>
/// <param name="Subject">In one of the forms of <see cref="Syntax"/>, normalized (GUIDs and e-mail in lower case).</param>
public sealed record OidcOperator(string Name, string Subject)
{
    public const string Syntax =
        "name=<issuer>|<sub> (the id token's iss and sub claims), name=<tenant-id>:<object-id> (Microsoft Entra ID's tid and " +
        "oid claims) or name=email:<address> (only if the provider marks it email_verified)";

    private const string EmailPrefix = "email:";
    private static readonly char[] Separators = [',', ';', ' ', '\n', '\r', '\t'];

    /// <summary>Reads <c>name=subject</c> entries separated by commas, semicolons or white space; every problem goes to <paramref name="errors"/>.</summary>
    public static List<OidcOperator> Parse(string? value, List<string> errors)
    {
        var operators = new List<OidcOperator>();
        foreach (var entry in (value ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=');
            var name = equals > 0 ? entry[..equals] : "";
            if (!OperatorDirectory.IsValidName(name))
            {
                errors.Add($"Admin:Oidc:Operators: '{entry}' is not name=subject (a name of 1-64 of A-Z a-z 0-9 . _ @ -). Write {Syntax}.");
            }
            else if (Normalize(entry[(equals + 1)..]) is not { } subject)
            {
                errors.Add($"Admin:Oidc:Operators: The subject of OIDC operator '{name}' is none of {Syntax}.");
            }
            else if (operators.Any(o => o.Subject == subject))
            {
                errors.Add($"Admin:Oidc:Operators: '{subject}' is listed twice.");
            }
            else
            {
                operators.Add(new OidcOperator(name, subject));
            }
        }
        return operators;
    }

    /// <summary>The subjects a validated id token vouches for, in the form they are listed in; the first listed one wins.</summary>
    public static IEnumerable<string> SubjectsOf(ClaimsPrincipal token)
    {
        if (token.FindFirstValue("iss") is { Length: > 0 } issuer && token.FindFirstValue("sub") is { Length: > 0 } sub)
        {
            yield return $"{issuer}|{sub}";
        }
        if (Guid.TryParse(token.FindFirstValue("tid"), out var tenant) && Guid.TryParse(token.FindFirstValue("oid"), out var objectId))
        {
            yield return $"{tenant:D}:{objectId:D}";
        }
        // An address the provider has not verified may be anybody's (Entra ID, for one, sends unverified ones).
        if (token.FindFirstValue("email") is { Length: > 0 } email
            && string.Equals(token.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase))
        {
            yield return EmailPrefix + email.ToLowerInvariant();
        }
    }

    private static string? Normalize(string subject)
    {
        if (subject.StartsWith(EmailPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var address = subject[EmailPrefix.Length..];
            return address.IndexOf('@') is > 0 and var at && at < address.Length - 1 ? EmailPrefix + address.ToLowerInvariant() : null;
        }
        var bar = subject.IndexOf('|');
        if (bar > 0)
        {
            // Kept verbatim (a sub may hold any character, '|' included) and compared with the token's iss and sub as written.
            return Uri.TryCreate(subject[..bar], UriKind.Absolute, out var issuer) && issuer.Scheme == Uri.UriSchemeHttps && bar < subject.Length - 1
                ? subject
                : null;
        }
        var parts = subject.Split(':');
        return parts is [var tid, var oid] && Guid.TryParse(tid, out var tenant) && Guid.TryParse(oid, out var objectId)
            ? $"{tenant:D}:{objectId:D}"
            : null;
    }
}
