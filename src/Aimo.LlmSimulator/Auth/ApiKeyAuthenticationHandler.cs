using System.Security.Claims;
using System.Text.Encodings.Web;
using Aimo.LlmSimulator.Faults;
using Aimo.LlmSimulator.OpenAi;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Aimo.LlmSimulator.Auth;

/// <summary>
/// OpenAI's authentication: <c>Authorization: Bearer KEY</c>. A missing key and a wrong key get the real API's
/// two different 401 bodies, so a client misconfigured locally fails the way it would against OpenAI.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeys keys,
    SimulatorStats stats,
    IOptions<SimulatorOptions> simulator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "OpenAiApiKey";
    public const string PolicyName = "openai";
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Azure's front door has checked its own headers already; Ollama takes any key, or none.
        var trusted = Context.Items.ContainsKey(Dialects.DialectItems.Authenticated) || simulator.Value.Dialect == Dialects.Dialect.Ollama;
        var key = BearerKey();
        if (key is null && !trusted) return Task.FromResult(AuthenticateResult.NoResult());
        if (!trusted && !keys.Accepts(key!)) return Task.FromResult(AuthenticateResult.Fail("Incorrect API key."));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "simulated-org")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var key = BearerKey();
        // Counted with the chat outcomes: a revoked key shows up in /sim/stats like any other refusal.
        if (Request.Path.StartsWithSegments("/v1/chat")) stats.Record(SimulatorStats.Unauthorized);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Response.WriteAsJsonAsync(key is null ? OpenAiErrors.MissingApiKey() : OpenAiErrors.InvalidApiKey(key), OpenAiJson.Options);
    }

    private string? BearerKey() => BearerKey(Request);

    /// <summary>The key of an <c>Authorization: Bearer KEY</c> header, or null when there is none.</summary>
    public static string? BearerKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)) return null;
        var key = header[BearerPrefix.Length..].Trim();
        return key.Length == 0 ? null : key;
    }
}
