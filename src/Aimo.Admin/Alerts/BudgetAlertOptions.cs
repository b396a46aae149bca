using System.ComponentModel.DataAnnotations;
using Aimo.Core.Budget;

namespace Aimo.Admin.Alerts;

/// <summary>Budget alerts (section <c>Aimo:Alerts</c>): extra thresholds, an optional webhook, how often to look without a change.</summary>
public sealed class BudgetAlertOptions : IValidatableObject
{
    public const string SectionName = "Aimo:Alerts";

    /// <summary>
    /// Where to POST each alert (a generic JSON body whose <c>text</c> Slack and Teams incoming webhooks show); empty for
    /// none. It is a secret (anyone holding it can post to the channel): set it with user secrets or an environment variable.
    /// </summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Fractions of the budget that raise an alert, besides the soft limit, 100 % and overspend. Default 0.5 and 0.8.</summary>
    public List<decimal>? Fractions { get; set; }

    /// <summary>How often spend is checked when no batch or settings change wakes the monitor (a day rolling over, a missed message).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<decimal> EffectiveFractions => Fractions is { Count: > 0 } f ? f : BudgetThresholds.DefaultFractions;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(WebhookUrl)
            && !(Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult($"{SectionName}:WebhookUrl must be an absolute http(s) URL.", [nameof(WebhookUrl)]);
        }
        if (Fractions?.Any(f => f is <= 0m or >= 1m) == true)
        {
            yield return new ValidationResult($"{SectionName}:Fractions must be between 0 and 1 (exclusive), e.g. 0.5.", [nameof(Fractions)]);
        }
    }
}
