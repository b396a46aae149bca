namespace Aimo.Core;

/// <summary>
/// The well-known credentials of the AppHost's <c>appsettings.Development.json</c>, so that <c>dotnet run</c> works with no
/// setup. Everyone can read them in the repository: the services refuse them at start outside Development.
/// </summary>
public static class DevelopmentSecrets
{
    public const string IngestApiKey = "dev-ingest-key-change-me";
    public const string OperatorApiKey = "dev-operator-key-change-me";
    /// <summary>The password of the development admin account <c>admin</c>.</summary>
    public const string AdminPassword = "dev-admin-password-change-me";
}
