using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Aimo.Ingest.Api.Security;

/// <summary>Marks endpoints (route groups) that need the <c>X-Api-Key</c> header.</summary>
public sealed class RequireApiKeyAttribute : Attribute;

public static class ApiKey
{
    public const string HeaderName = "X-Api-Key";

    /// <summary>A short, non-reversible name for a key, for actor names and rate-limit partitions.</summary>
    public static string Fingerprint(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];

    /// <summary>"api:" + the fingerprint of the caller's key: who acted, in review and settings audit rows.</summary>
    public static string Actor(HttpContext context) =>
        "api:" + Fingerprint(context.Request.Headers[HeaderName].ToString());
}

/// <summary>
/// Rejects requests to <see cref="RequireApiKeyAttribute"/> endpoints without the right key, before the body is
/// read or bound, so an unauthenticated caller always gets 401 (never 400/413 about a body it may not send).
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<IngestOptions> options)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(options.Value.ApiKey);

    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequireApiKeyAttribute>() is null)
        {
            await next(context);
            return;
        }
        var presented = context.Request.Headers[ApiKey.HeaderName];
        if (presented.Count == 1 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented[0] ?? ""), _expected))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = 401,
                Title = "Unauthorized",
                Detail = presented.Count == 0 ? $"The {ApiKey.HeaderName} header is missing." : $"The {ApiKey.HeaderName} header is not a valid key.",
            },
        });
    }
}
