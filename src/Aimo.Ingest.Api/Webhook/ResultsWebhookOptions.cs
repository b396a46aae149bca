using System.ComponentModel.DataAnnotations;

namespace Aimo.Ingest.Api.Webhook;

/// <summary>The optional results webhook (<c>Aimo:Results:Webhook</c>): off unless <see cref="Url"/> is set.</summary>
public sealed class ResultsWebhookOptions : IValidatableObject
{
    public const string SectionName = "Aimo:Results:Webhook";

    /// <summary>Where outcomes are POSTed; empty: no webhook.</summary>
    public string? Url { get; set; }

    /// <summary>The HMAC-SHA256 key of <c>X-Aimo-Signature</c>; required with a URL (AppHost secret parameter <c>results-webhook-secret</c>).</summary>
    public string? Secret { get; set; }

    /// <summary>Outcomes per POST.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>The first retry's delay after a failed POST; doubled per failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the feed is read for new outcomes once the receiver is caught up.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Each POST's bound: a receiver that accepts the connection and never answers is a failed attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }
        if (!(Uri.TryCreate(Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult($"{SectionName}:Url must be an absolute http(s) URL.", [nameof(Url)]);
        }
        if (string.IsNullOrEmpty(Secret) || Secret.Length < 16)
        {
            yield return new ValidationResult($"{SectionName}:Secret must be set (at least 16 characters) when {SectionName}:Url is: receivers verify X-Aimo-Signature with it.", [nameof(Secret)]);
        }
        if (FirstRetryDelay <= TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay || PollInterval <= TimeSpan.Zero || AttemptTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{SectionName}: FirstRetryDelay, PollInterval and AttemptTimeout must be positive and MaxRetryDelay at least FirstRetryDelay.");
        }
    }
}
