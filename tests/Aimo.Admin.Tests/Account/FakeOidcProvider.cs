using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Aimo.Admin.Tests.Account;

/// <summary>
/// An OpenID Connect provider's side of the code flow, in process (no identity provider can run here): its metadata
/// with a real RSA signing key, and a token endpoint that answers the admin's back-channel code exchange with a signed
/// id_token for <see cref="User"/>, carrying the nonce the admin sent to the authorize endpoint.
/// </summary>
/// <remarks>Like a real provider, it puts in the token whatever its user profile says, <c>preferred_username</c> included.</remarks>
public sealed class FakeOidcProvider : HttpMessageHandler
{
    public const string Issuer = "https://login.example.test/tenant/v2.0";
    public const string AuthorizeEndpoint = "https://login.example.test/tenant/oauth2/v2.0/authorize";
    public const string TokenEndpoint = "https://login.example.test/tenant/oauth2/v2.0/token";
    public const string ClientId = "aimo-admin";
    private const string AccessToken = "access-token-1";

    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };

    public FakeOidcProvider()
    {
        Configuration = new OpenIdConnectConfiguration { AuthorizationEndpoint = AuthorizeEndpoint, TokenEndpoint = TokenEndpoint, Issuer = Issuer };
        Configuration.SigningKeys.Add(_key);
    }

    public OpenIdConnectConfiguration Configuration { get; }

    /// <summary>Who signs in: the claims of the id_token, absent where null.</summary>
    public FakeOidcUser User { get; set; } = new("subject-dana", PreferredUsername: "dana@example.com");

    /// <summary>The nonce of the last authorize request (read from the admin's redirect by the test).</summary>
    public string? Nonce { get; set; }

    /// <summary>Code exchanges the token endpoint answered.</summary>
    public int TokenRequests { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || request.RequestUri?.ToString() != TokenEndpoint)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }
        var form = await request.Content!.ReadAsStringAsync(cancellationToken);
        if (!form.Contains("grant_type=authorization_code", StringComparison.Ordinal) || !form.Contains("code_verifier=", StringComparison.Ordinal))
        {
            return new HttpResponseMessage(HttpStatusCode.BadRequest);
        }
        TokenRequests++;
        var body = JsonSerializer.Serialize(new { access_token = AccessToken, token_type = "Bearer", expires_in = 3600, id_token = IdToken() });
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }

    private string IdToken()
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object?>
            {
                ["sub"] = User.Subject,
                ["preferred_username"] = User.PreferredUsername,
                ["email"] = User.Email,
                ["email_verified"] = User.EmailVerified,
                ["tid"] = User.TenantId,
                ["oid"] = User.ObjectId,
                ["nonce"] = Nonce ?? "",
                ["at_hash"] = AtHash(AccessToken),
            }.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value!),
        });
    }

    // OpenID Connect Core 3.1.3.6: the left half of the SHA-256 of the access token, base64url.
    private static string AtHash(string accessToken) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _key.Rsa.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>A user as the provider's id_token describes them.</summary>
public sealed record FakeOidcUser(string Subject, string? PreferredUsername = null, string? Email = null, bool? EmailVerified = null,
    string? TenantId = null, string? ObjectId = null);
