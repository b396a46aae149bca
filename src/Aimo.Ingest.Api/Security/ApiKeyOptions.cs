using System.ComponentModel.DataAnnotations;
using Aimo.Core;
using Microsoft.Extensions.Options;

namespace Aimo.Ingest.Api.Security;

/// <summary>
/// The accepted API keys per scope, bound from <c>ApiKeys</c> (the AppHost passes its <c>ingest-api-key</c> and
/// <c>operator-api-key</c> parameters as <c>ApiKeys__Ingest</c> and <c>ApiKeys__Operator</c>). Each is a
/// comma-separated list, so a key is rotated by adding the new one, moving callers, then removing the old one.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "ApiKeys";
    public const int MinKeyLength = 16;

    [Required(ErrorMessage = "ApiKeys:Ingest is required (the AppHost passes its 'ingest-api-key' parameter as ApiKeys__Ingest).")]
    public string Ingest { get; set; } = "";

    [Required(ErrorMessage = "ApiKeys:Operator is required (the AppHost passes its 'operator-api-key' parameter as ApiKeys__Operator).")]
    public string Operator { get; set; } = "";

    public static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Bad keys stop the service at start, with the reason, instead of locking every caller out later.</summary>
public sealed class ApiKeyOptionsValidator(IHostEnvironment environment) : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var failures = new List<string>();
        var ingest = ApiKeyOptions.Split(options.Ingest);
        var @operator = ApiKeyOptions.Split(options.Operator);
        foreach (var (scope, keys) in new[] { (ApiScopes.Ingest, ingest), (ApiScopes.Operator, @operator) })
        {
            if (keys.Length == 0)
            {
                failures.Add($"ApiKeys:{scope} lists no key.");
            }
            if (keys.Any(k => k.Length < ApiKeyOptions.MinKeyLength || k.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c > '~')))
            {
                failures.Add($"Every ApiKeys:{scope} key needs at least {ApiKeyOptions.MinKeyLength} printable ASCII characters without spaces " +
                    "(e.g. openssl rand -hex 24).");
            }
        }
        if (!environment.IsDevelopment())
        {
            // The keys of the AppHost's appsettings.Development.json are public: anyone who read the repository has them.
            foreach (var (setting, keys, parameter, known) in new[]
            {
                ("ApiKeys:Ingest", ingest, ResourceNames.IngestApiKey, DevelopmentSecrets.IngestApiKey),
                ("ApiKeys:Operator", @operator, ResourceNames.OperatorApiKey, DevelopmentSecrets.OperatorApiKey),
            })
            {
                if (keys.Contains(known, StringComparer.Ordinal))
                {
                    failures.Add($"{setting} holds the development key '{known}' in the {environment.EnvironmentName} environment; " +
                        $"set the AppHost's '{parameter}' parameter to a key of your own (e.g. openssl rand -hex 24).");
                }
            }
        }
        if (ingest.Intersect(@operator, StringComparer.Ordinal).Any())
        {
            // One key in both lists would make its scope ambiguous and its holder an operator.
            failures.Add("A key is listed for both the ingest and the operator scope; give each scope its own keys.");
        }
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
