using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Aimo.Ingest.Api.Security;

internal static class SecurityExtensions
{
    /// <summary>
    /// API keys by scope: the <see cref="ApiKeyAuthenticationHandler"/> scheme and one policy per scope. The fallback
    /// policy needs a valid key of any scope, so a route mapped without a policy is not anonymous by omission; routes
    /// meant for anyone (health probes, the development OpenAPI document) say <c>AllowAnonymous()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddApiKeyAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        builder.Services.AddSingleton<ApiKeyRing>();

        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build())
            .AddPolicy(ApiScopes.Ingest, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireClaim(ApiScopes.ClaimType, ApiScopes.Ingest))
            .AddPolicy(ApiScopes.Operator, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireClaim(ApiScopes.ClaimType, ApiScopes.Operator));
        return builder;
    }
}
