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
    public const string IngestApiKey = "ingest-api-key";
    public const string AdminPassword = "admin-password";
}
