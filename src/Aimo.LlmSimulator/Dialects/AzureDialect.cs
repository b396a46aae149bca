using System.Text.RegularExpressions;
using Aimo.LlmSimulator.Auth;
using Aimo.LlmSimulator.OpenAi;
using Microsoft.Extensions.Options;

namespace Aimo.LlmSimulator.Dialects;

/// <summary>
/// Azure OpenAI's front door, in front of llm-sim's OpenAI handlers: the classic route
/// <c>/openai/deployments/{name}/chat/completions</c> (404 without <c>api-version</c>, as Azure answers) and the v1 route
/// <c>/openai/v1/chat/completions</c>; the <c>api-key</c> header, or a bearer token accepted only as an Entra ID stand-in
/// (<c>sim-entra:https://cognitiveservices.azure.com/.default</c>, what the worker's simulator credential issues) — on the
/// v1 route a key may also come as a bearer, as Azure allows. A request that passes is handed on as OpenAI's.
/// </summary>
public static partial class AzureDialect
{
    public const string EntraStandIn = "sim-entra:https://cognitiveservices.azure.com/.default";

    public static IApplicationBuilder UseAzureDialect(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var options = context.RequestServices.GetRequiredService<IOptions<SimulatorOptions>>().Value;
            var path = context.Request.Path.Value ?? "";
            if (options.Dialect != Dialect.Azure || IsSimulatorRoute(path))
            {
                await next(context);
                return;
            }
            var classic = ClassicRoute().Match(path);
            var v1 = path.Equals("/openai/v1/chat/completions", StringComparison.Ordinal);
            if ((!classic.Success && !v1) || (classic.Success && string.IsNullOrEmpty(context.Request.Query["api-version"])))
            {
                await Refuse(context, StatusCodes.Status404NotFound, AzureErrors.ResourceNotFound());
                return;
            }
            var (auth, refusal) = Authenticate(context.Request, context.RequestServices.GetRequiredService<ApiKeys>(), bearerKeyAllowed: v1);
            if (refusal is not null)
            {
                await Refuse(context, StatusCodes.Status401Unauthorized, refusal);
                return;
            }
            context.Items[DialectItems.ReceivedPath] = path + context.Request.QueryString;
            context.Items[DialectItems.Authenticated] = auth;
            if (classic.Success) context.Items[DialectItems.Deployment] = Uri.UnescapeDataString(classic.Groups[1].Value);
            context.Request.Path = "/v1/chat/completions";
            await next(context);
        });

    /// <summary>The model a deployment serves (<c>Simulator:Deployments</c>), else the model of the deployment's name.</summary>
    public static string ModelOf(string deployment, SimulatorOptions options) =>
        options.Deployments.TryGetValue(deployment, out var model) ? model : deployment;

    private static (string? Auth, AzureErrorResponse? Refusal) Authenticate(HttpRequest request, ApiKeys keys, bool bearerKeyAllowed)
    {
        var key = request.Headers["api-key"].ToString();
        if (key.Length > 0) return keys.Accepts(key) ? ("api-key", null) : (null, AzureErrors.InvalidKey());
        var bearer = ApiKeyAuthenticationHandler.BearerKey(request);
        if (bearer == EntraStandIn) return ("entra", null);
        if (bearer is not null && bearerKeyAllowed && keys.Accepts(bearer) && !bearer.StartsWith("sim-entra:", StringComparison.Ordinal)) return ("bearer", null);
        return (null, bearer is null ? AzureErrors.InvalidKey() : AzureErrors.InvalidToken());
    }

    private static bool IsSimulatorRoute(string path) =>
        path.StartsWith("/sim", StringComparison.Ordinal) || path.StartsWith("/health", StringComparison.Ordinal) || path.StartsWith("/alive", StringComparison.Ordinal);

    private static Task Refuse(HttpContext context, int status, AzureErrorResponse body)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body, OpenAiJson.Options);
    }

    [GeneratedRegex("^/openai/deployments/([^/]+)/chat/completions$")]
    private static partial Regex ClassicRoute();
}

/// <summary>What a dialect's front door found out about a request, for the handlers behind it.</summary>
public static class DialectItems
{
    /// <summary>How the request authenticated (<c>api-key</c>, <c>entra</c>, <c>bearer</c>); its presence means it did.</summary>
    public const string Authenticated = "aimo.dialect.authenticated";

    /// <summary>The path and query as the client sent them, before a front door rewrote the path to OpenAI's.</summary>
    public const string ReceivedPath = "aimo.dialect.received-path";

    /// <summary>The Azure deployment named in the classic route.</summary>
    public const string Deployment = "aimo.dialect.deployment";
}
