namespace Aimo.Core;

/// <summary>
/// Names of the Aspire resources. The AppHost creates resources with these names and the services
/// read their connection strings by them, so the two can never drift apart.
/// </summary>
public static class ResourceNames
{
    public const string Redis = "redis";
    public const string Postgres = "postgres";
    public const string Database = "aimodb";
    public const string Migrations = "migrations";
    public const string Ingest = "ingest";
    public const string Worker = "worker";
    public const string Admin = "admin";
    public const string LlmSimulator = "llm-sim";
    public const string Llm = "llm";

    /// <summary>Deployed with <c>Aimo:LlmManagedIdentity=true</c>: the client id of the user-assigned identity the worker signs in to Azure OpenAI with.</summary>
    public const string LlmIdentityClientId = "llm-identity-client-id";

    // Secret parameters of the AppHost (azd asks for each when deploying).
    /// <summary>Comma-separated keys of the ingest scope (upstream feeders).</summary>
    public const string IngestApiKey = "ingest-api-key";
    /// <summary>Comma-separated keys of the operator scope (budget, batches, review, exports).</summary>
    public const string OperatorApiKey = "operator-api-key";
    /// <summary>The admin UI's operator accounts: comma-separated <c>name:password-hash</c> pairs.</summary>
    public const string AdminOperators = "admin-operators";
    /// <summary>The certificate (base64 .pfx) that encrypts the admin's data-protection key ring in Redis.</summary>
    public const string AdminKeyRingCertificate = "admin-keyring-certificate";
    /// <summary>Optional: where budget alerts are posted (a Slack or Teams incoming webhook URL, say).</summary>
    public const string BudgetAlertWebhook = "budget-alert-webhook";
    /// <summary>The results webhook's HMAC secret (with AppHost setting <c>Aimo:Results:Webhook:Url</c>).</summary>
    public const string ResultsWebhookSecret = "results-webhook-secret";

    // Optional OpenID Connect sign-in for the admin UI (AppHost setting Aimo:AdminOidc=true).
    public const string AdminOidcAuthority = "admin-oidc-authority";
    public const string AdminOidcClientId = "admin-oidc-client-id";
    public const string AdminOidcClientSecret = "admin-oidc-client-secret";
    /// <summary>Comma-separated user names (e-mail/UPN) allowed in through OpenID Connect.</summary>
    public const string AdminOidcOperators = "admin-oidc-operators";
}
