using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Aimo.Ingest.Api.Security;

/// <summary>
/// Authenticates <c>X-Api-Key</c> and gives the caller the key's scope as a claim. Runs in the authorization
/// middleware, before the endpoint reads or binds the body: a caller without a valid key always gets 401 and one
/// with a key of the wrong scope 403, never a 400/413 about a body it may not send.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, ApiKeyRing keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[ApiKey.HeaderName];
        if (presented.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (presented.Count > 1 || keys.ScopeOf(presented[0] ?? "") is not { } scope)
        {
            return Task.FromResult(AuthenticateResult.Fail($"The {ApiKey.HeaderName} header is not a valid key."));
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "api:" + ApiKey.Fingerprint(presented[0]!)), new Claim(ApiScopes.ClaimType, scope)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{ApiKey.HeaderName}\"";
        var detail = Request.Headers.ContainsKey(ApiKey.HeaderName)
            ? $"The {ApiKey.HeaderName} header is not a valid key."
            : $"The {ApiKey.HeaderName} header is missing.";
        return WriteAsync(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var scope = Context.User.FindFirstValue(ApiScopes.ClaimType) ?? "none";
        var needed = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy).LastOrDefault(p => p is not null) ?? "another";
        return WriteAsync(StatusCodes.Status403Forbidden, "Forbidden",
            $"This key has the '{scope}' scope; {Request.Method} {Request.Path} needs a key with the '{needed}' scope.");
    }

    private async Task WriteAsync(int status, string title, string detail) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
}
