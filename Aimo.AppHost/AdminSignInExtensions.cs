using Aimo.Core;
using Microsoft.Extensions.Configuration;

namespace Aimo.AppHost;

internal static class AdminSignInExtensions
{
    /// <summary>Set to true to offer OpenID Connect sign-in (e.g. Microsoft Entra ID) on the admin UI.</summary>
    public const string OidcSetting = "Aimo:AdminOidc";

    /// <summary>
    /// Who may sign in to the admin: the <c>admin-operators</c> secret (<c>name:hash</c> pairs) and, with
    /// <c>Aimo:AdminOidc=true</c>, an OpenID Connect provider whose parameters azd then asks for too.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOperatorSignIn(this IResourceBuilder<ProjectResource> admin)
    {
        var builder = admin.ApplicationBuilder;
        admin.WithEnvironment("Admin__Operators", builder.AddParameter(ResourceNames.AdminOperators, secret: true));
        if (builder.Configuration.GetValue(OidcSetting, defaultValue: false))
        {
            admin
                .WithEnvironment("Admin__Oidc__Authority", builder.AddParameter(ResourceNames.AdminOidcAuthority))
                .WithEnvironment("Admin__Oidc__ClientId", builder.AddParameter(ResourceNames.AdminOidcClientId))
                .WithEnvironment("Admin__Oidc__ClientSecret", builder.AddParameter(ResourceNames.AdminOidcClientSecret, secret: true))
                .WithEnvironment("Admin__Oidc__Operators", builder.AddParameter(ResourceNames.AdminOidcOperators));
        }
        // Behind Container Apps' ingress the client's address (sign-in throttling) and https (the OIDC redirect URI)
        // arrive in X-Forwarded-For/-Proto: Aspire's manifest sets ASPNETCORE_FORWARDEDHEADERS_ENABLED for every
        // project, which the deployment tests hold it to.
        return admin;
    }
}
