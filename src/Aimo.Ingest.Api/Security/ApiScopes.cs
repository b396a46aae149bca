namespace Aimo.Ingest.Api.Security;

/// <summary>
/// What an API key may do. A key has exactly one scope; each scope is an authorization policy of the same name,
/// required by the route groups (<c>RequireAuthorization(ApiScopes.Ingest)</c>).
/// </summary>
public static class ApiScopes
{
    /// <summary>Upstream feeders: <c>POST /api/signatures</c> and <c>GET /api/signatures/{id}</c>.</summary>
    public const string Ingest = "ingest";

    /// <summary>Operators and their scripts: budget, batches, review actions, exports.</summary>
    public const string Operator = "operator";

    /// <summary>The claim that carries a key's scope.</summary>
    public const string ClaimType = "aimo:scope";
}
