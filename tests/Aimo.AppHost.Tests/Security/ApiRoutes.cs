namespace Aimo.AppHost.Tests.Security;

/// <summary>
/// Every route of the ingest service's API with the scope it needs and a request that has no effect when allowed
/// (an invalid body, an id that does not exist). The scope-matrix and fuzz tests run over this table; a test holds it
/// equal to the OpenAPI document, so a new route cannot be added without saying who may call it.
/// </summary>
public sealed record ApiRoute(string Method, string Template, string Scope, string HarmlessPath, string? HarmlessJson, int HarmlessStatus)
{
    public const string Ingest = "ingest";
    public const string Operator = "operator";
    public const long MissingReviewId = 999_999_999_999;

    public static readonly IReadOnlyList<ApiRoute> All =
    [
        new("POST", "/api/signatures", Ingest, "/api/signatures", "{}", 400),
        new("GET", "/api/signatures/{id}", Ingest, "/api/signatures/sig_none_of_these", null, 404),
        new("POST", "/api/signatures/status", Ingest, "/api/signatures/status", """{"ids":[]}""", 400),
        new("GET", "/api/results", Ingest, "/api/results?limit=1", null, 200),
        new("GET", "/api/budget", Operator, "/api/budget", null, 200),
        new("PUT", "/api/budget", Operator, "/api/budget", """{"dailyBudgetUsd":-1,"softLimitFraction":0.5}""", 400),
        new("GET", "/api/batches", Operator, "/api/batches?limit=1", null, 200),
        new("GET", "/api/batches/{id}", Operator, $"/api/batches/{Guid.Empty}", null, 404),
        new("GET", "/api/batch-jobs", Operator, "/api/batch-jobs?limit=1", null, 200),
        new("GET", "/api/review", Operator, "/api/review?limit=1", null, 200),
        new("POST", "/api/review/{id}/requeue", Operator, $"/api/review/{MissingReviewId}/requeue", null, 404),
        new("POST", "/api/review/{id}/resolve", Operator, $"/api/review/{MissingReviewId}/resolve", """{"category":"ai_service","risk":"high"}""", 404),
        new("POST", "/api/review/{id}/dismiss", Operator, $"/api/review/{MissingReviewId}/dismiss", null, 404),
        new("GET", "/api/export/{kind}", Operator, "/api/export/batches?format=ndjson&from=2000-01-01&to=2000-01-01", null, 200),
    ];

    public override string ToString() => $"{Method} {Template}";
}
